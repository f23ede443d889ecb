package io.stackgate.terraform;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Terraform#withStack}: apply → body → destroy in finally, proven against a fake terraform script. */
class FakeTerraformStackTest {
    @TempDir
    Path tmp;
    FakeTerraform fake;
    Terraform tf;

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeTerraform.in(tmp.resolve("fake"));
        Path module = Files.createDirectories(tmp.resolve("module"));
        tf = Terraform.builder().binary(fake.binary()).workingDir(module)
                .retry(Terraform.defaultRetry().withBackoff(Duration.ZERO, 2, Duration.ZERO)).build();
    }

    @Test
    void appliesRunsTheBodyThenDestroys() throws IOException {
        fake.stdout("output", "{\"grafana_url\": {\"value\": \"https://g\"}}");

        tf.withStack(t -> assertThat(t.output()).containsEntry("grafana_url", "https://g"));

        assertThat(fake.subcommands()).containsExactly("apply", "output", "destroy");
    }

    @Test
    void destroyRunsWhenApplyFailsAndTheApplyFailureIsThrown() throws IOException {
        fake.failAlways("apply", 1, "Error: creating ELBv2 Load Balancer: ValidationError: name too long");
        AtomicBoolean bodyRan = new AtomicBoolean();

        Throwable thrown = catchThrowable(() -> tf.withStack(t -> bodyRan.set(true)));

        assertThat(fake.subcommands()).containsExactly("apply", "destroy");
        assertThat(bodyRan).isFalse();
        assertThat(thrown).isInstanceOf(TerraformFailure.class)
                .hasMessageStartingWith("terraform apply failed")
                .hasMessageContaining("name too long");
        assertThat(thrown.getSuppressed()).isEmpty();
    }

    @Test
    void destroyRunsWhenTheBodyFailsAndTheBodysFailureIsThrown() throws IOException {
        AssertionError boom = new AssertionError("Grafana did not answer");

        Throwable thrown = catchThrowable(() -> tf.withStack(t -> {
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(fake.subcommands()).containsExactly("apply", "destroy");
    }

    @Test
    void aCheckedExceptionFromTheBodyIsWrappedAndDestroyStillRuns() throws IOException {
        Throwable thrown = catchThrowable(() -> tf.withStack(t -> {
            throw new IOException("socket closed");
        }));

        assertThat(thrown).isInstanceOf(AssertionError.class).hasMessageContaining("socket closed")
                .hasCauseInstanceOf(IOException.class);
        assertThat(fake.subcommands()).containsExactly("apply", "destroy");
    }

    @Test
    void aDestroyFailureAfterAnApplyFailureIsAttachedNotLost() throws IOException {
        fake.failAlways("apply", 1, "Error: apply broke");
        fake.failAlways("destroy", 1, "Error: DependencyViolation: resource sg-123 has a dependent object");

        Throwable thrown = catchThrowable(() -> tf.withStack(t -> { }));

        assertThat(thrown).hasMessageContaining("apply broke");
        assertThat(thrown.getSuppressed()).singleElement().asString()
                .contains("terraform destroy failed").contains("DependencyViolation");
    }

    @Test
    void aDestroyFailureAloneFailsTheStack() throws IOException {
        fake.failAlways("destroy", 1, "Error: DependencyViolation");

        Throwable thrown = catchThrowable(() -> tf.withStack(t -> { }));

        assertThat(thrown).isInstanceOf(TerraformFailure.class).hasMessageStartingWith("terraform destroy failed");
        assertThat(fake.subcommands()).containsExactly("apply", "destroy");
    }
}
