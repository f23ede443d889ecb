package io.stackgate.terraform;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runner's retry rules, proven against a fake terraform script (no real terraform needed). */
class FakeTerraformRetryTest {
    private static final RetryPolicy FAST = Terraform.defaultRetry().withBackoff(Duration.ZERO, 2, Duration.ZERO);

    @TempDir
    Path tmp;
    FakeTerraform fake;
    Path module;

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeTerraform.in(tmp.resolve("fake"));
        module = Files.createDirectories(tmp.resolve("module"));
    }

    private Terraform terraform(RetryPolicy policy) {
        return Terraform.builder().binary(fake.binary()).workingDir(module).retry(policy).build();
    }

    @Test
    void aKnownTransientErrorIsRetriedUntilItSucceedsAndEachAttemptIsExplained() throws Exception {
        fake.failFirst("init", 2, 1, "Error: RequestError: send request failed (call {n})");

        Terraform.Result result = terraform(FAST).tryInit();

        assertThat(fake.subcommands()).containsExactly("init", "init", "init");
        assertThat(result.exitCode()).isZero();
        assertThat(result.attempts()).hasSize(3);
        assertThat(result.attempts().get(0)).startsWith("1. exit 1: known transient error /RequestError: send request failed/")
                .contains("the AWS SDK could not send a request").endsWith("retried after 0 s");
        assertThat(result.attempts().get(2)).isEqualTo("3. exit 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "read tcp 10.0.0.5:443: connection reset by peer",
        "Get \"https://registry.terraform.io/v1/providers\": net/http: TLS handshake timeout",
        "Error installing provider \"aws\": Get https://releases.hashicorp.com/x.zip: dial tcp: i/o timeout",
        "Error: Failed to install provider\n\nError while installing hashicorp/aws v5.80.0: read: connection timed out",
        "Error: 429 Too Many Requests",
        "Error: creating EC2 Instance: ThrottlingException: Rate exceeded",
    })
    void everyDefaultTransientErrorIsRetried(String message) throws Exception {
        fake.failFirst("apply", 1, 1, message);

        terraform(FAST).tryApply();

        assertThat(fake.subcommands()).containsExactly("apply", "apply");
    }

    @Test
    void afterTheLastAttemptTheFailureCarriesTheLastOutputEveryExplanationCommandDirectoryAndExitCode() throws IOException {
        fake.failAlways("apply", 1, "Error: creating Auto Scaling Group: ThrottlingException: Rate exceeded (call {n})");

        TerraformException e = catchThrowableOfType(TerraformException.class,
                () -> terraform(FAST.withMaxAttempts(3)).tryApply());

        assertThat(fake.subcommands()).containsExactly("apply", "apply", "apply");
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.directory()).isEqualTo(module);
        assertThat(e.command()).containsExactly(fake.binary().toString(), "apply", "-input=false", "-no-color",
                "-auto-approve");
        assertThat(e.attempts()).hasSize(3).allSatisfy(a -> assertThat(a).contains("the AWS API throttled the request"));
        assertThat(e.attempts().get(2)).endsWith("no attempts left");
        assertThat(e.output()).contains("(call 3)");
        assertThat(e.getMessage())
                .startsWith("terraform apply failed: exit code 1, still a known transient error after 3 attempts")
                .contains("command:   " + fake.binary() + " apply -input=false -no-color -auto-approve")
                .contains("directory: " + module)
                .contains("exit code: 1")
                .contains("    1. exit 1: known transient error /ThrottlingException|Throttling: Rate exceeded/")
                .contains("    3. exit 1: known transient error")
                .contains("| Error: creating Auto Scaling Group: ThrottlingException: Rate exceeded (call 3)")
                .doesNotContain("(call 1)").doesNotContain("(call 2)");
    }

    @Test
    void aPermanentErrorIsNotRetriedAndIsInTheMessage() throws IOException {
        fake.failAlways("plan", 1, "Error: Unsupported argument\n\n  on main.tf line 3, in module \"x\":\n"
                + "   3:   typo = 1\n\nAn argument named \"typo\" is not expected here.");

        TerraformException e = catchThrowableOfType(TerraformException.class, () -> terraform(FAST).tryPlan());

        assertThat(fake.subcommands()).containsExactly("plan");
        assertThat(e.attempts()).containsExactly("1. exit 1: not a known transient error, not retried");
        assertThat(e.getMessage()).startsWith("terraform plan failed: exit code 1")
                .contains("| Error: Unsupported argument")
                .contains("| An argument named \"typo\" is not expected here.");
    }

    @Test
    void theUncheckedFormFailsTheTestWithTheSameReport() throws IOException {
        fake.failAlways("validate", 1, "Error: Reference to undeclared input variable");

        TerraformFailure failure = catchThrowableOfType(TerraformFailure.class, () -> terraform(FAST).validate());

        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).isEqualTo(failure.terraformException().getMessage())
                .contains("Reference to undeclared input variable");
    }

    @Test
    void aLongOutputIsCutToItsHeadAndTail() throws IOException {
        String lines = IntStream.rangeClosed(1, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        fake.failAlways("init", 2, lines);

        TerraformException e = catchThrowableOfType(TerraformException.class, () -> terraform(FAST).tryInit());

        assertThat(e.getMessage()).contains("output of the last attempt (200 lines; first 15 and last 40 shown)")
                .contains("| line 1\n").contains("| line 15\n").doesNotContain("| line 16\n")
                .contains("| … 145 lines omitted …").doesNotContain("| line 160\n").contains("| line 161\n")
                .contains("| line 200\n");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.output()).contains("line 16\n");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledAndNotRetried() throws IOException {
        fake.sleep("init", 10);

        long start = System.nanoTime();
        TerraformException e = catchThrowableOfType(TerraformException.class, () -> Terraform.builder()
                .binary(fake.binary()).workingDir(module).retry(FAST).timeout(Duration.ofSeconds(1)).build().tryInit());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(e.exitCode()).isEqualTo(-1);
        assertThat(e.getMessage()).startsWith("terraform init failed: did not finish within 1 s")
                .contains("1. did not finish within 1 s: killed, not retried");
    }

    @Test
    void aRuleAddedByTheUserIsRetriedWithItsExplanation() throws Exception {
        fake.failFirst("apply", 1, 1, "Error: Error acquiring the state lock");
        fake.failFirst("destroy", 1, 1, "Error: Error acquiring the state lock");

        Terraform.Result r = terraform(FAST.withRule("Error acquiring the state lock",
                "another run held the state lock; it is released when that run ends")).tryApply();

        assertThat(r.attempts().get(0)).contains("another run held the state lock");
        assertThatThrownBy(() -> terraform(FAST).tryDestroy()).as("without the rule the same error is final")
                .isInstanceOf(TerraformException.class).hasMessageContaining("not a known transient error");
        assertThat(fake.subcommands()).containsExactly("apply", "apply", "destroy");
    }

    @Test
    void noRetriesMeansOneAttemptEvenForATransientError() throws IOException {
        fake.failFirst("init", 1, 1, "connection reset by peer");

        TerraformException e = catchThrowableOfType(TerraformException.class,
                () -> terraform(Terraform.defaultRetry().withMaxAttempts(1)).tryInit());

        assertThat(fake.subcommands()).containsExactly("init");
        assertThat(e.attempts()).singleElement().asString().endsWith("no attempts left");
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheCap() {
        RetryPolicy p = Terraform.defaultRetry();

        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.backoffAfter(10)).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> p.withRule("x", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an explanation");
    }
}
