package io.stackgate.terraform;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver against a real terraform (or tofu) binary; every test is skipped with "no terraform or
 * tofu binary on PATH" when there is none.
 *
 * <p>Two kinds of checks. Offline ones: a root module holding only the shipped variables.tf needs
 * no provider, so {@code init} + {@code plan} there proves the generated tfvars against the real
 * type conversions and variable validations (and that a bad topology is refused at plan time), and
 * {@code fmt -check} proves the shipped modules are canonically formatted. Online: {@code init} +
 * {@code validate} of the full modules needs the AWS and random providers from the registry; it is
 * skipped, with the output saying why, where the registry cannot be reached.
 */
class RealTerraformTest {
    private static final Pattern PROVIDERS_UNREACHABLE = Pattern.compile(
            "Failed to query available provider packages|could not connect to registry|Failed to install provider"
                    + "|no such host|network is unreachable");
    private static Path binary;

    @BeforeAll
    static void binary() {
        Optional<Path> found = Terraform.findBinary();
        assumeTrue(found.isPresent(), "no terraform or tofu binary on PATH");
        binary = found.get();
    }

    /** A workspace whose root module is only the shipped variables.tf: no providers, works offline. */
    private static Workspace variablesOnly(Path scratch) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("variables-only"));
        Files.write(dir.resolve("variables.tf"), Modules.files().get("variables.tf"));
        return Workspace.copyOf(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-2az.yaml", "three-az.yaml"})
    void generatedTfvarsPassTheRealVariableTypesAndValidations(String example, @TempDir Path tmp) throws IOException {
        Path tfvars = Repo.writeTfvars(example, tmp);
        try (Workspace ws = variablesOnly(tmp)) {
            Terraform tf = ws.terraform().binary(binary).varFile(tfvars).build();
            tf.init();

            Plan plan = tf.plan();

            @SuppressWarnings("unchecked")
            Map<String, Object> written = new ObjectMapper().readValue(tfvars.toFile(), Map.class);
            written.forEach((key, value) -> assertThat(plan.variables().get(key)).as(key).isEqualTo(value));
            assertThat(plan.resources()).isEmpty();
            assertThat(plan.terraformVersion()).isNotEmpty();
        }
    }

    @Test
    void theAntipatternsTopologyIsRefusedByTheRealValidationsAtPlanTime(@TempDir Path tmp) throws IOException {
        Path tfvars = Repo.writeTfvars("antipatterns.yaml", tmp);
        try (Workspace ws = variablesOnly(tmp)) {
            Terraform tf = ws.terraform().binary(binary).varFile(tfvars).retry(RetryPolicy.noRetries()).build();
            tf.init();

            TerraformException e = org.assertj.core.api.Assertions.catchThrowableOfType(TerraformException.class,
                    tf::tryPlan);

            assertThat(e).as("terraform plan accepted the antipatterns tfvars").isNotNull();
            assertThat(e.output())
                    .contains("availability_zones needs at least 2 zones")
                    .contains("prometheus.storage_type must be \"ebs\" or \"instance\"")
                    .contains("public_lb.certificate_arn must be an ACM certificate ARN")
                    .contains("ssh_from_cidrs must not open SSH to the whole internet")
                    .contains("imds_v2_required must be true");
        }
    }

    @Test
    void theShippedModulesAreCanonicallyFormatted(@TempDir Path tmp) throws IOException {
        try (Workspace ws = Workspace.ofBundledModules()) {
            Terraform.Result r = ws.terraform().binary(binary).build().run("fmt", "-check", "-recursive", "-diff",
                    "-no-color");

            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void theShippedModulesInitAndValidate() throws IOException {
        try (Workspace ws = Workspace.ofBundledModules()) {
            Terraform tf = ws.terraform().binary(binary).retry(RetryPolicy.noRetries()).build();
            try {
                tf.tryInit();
            } catch (TerraformException e) {
                assumeTrue(!PROVIDERS_UNREACHABLE.matcher(e.output()).find(),
                        () -> binary + " is here, but the aws/random providers cannot be installed (no provider "
                                + "registry or mirror reachable), so validate cannot run:\n" + e.getMessage());
                throw new AssertionError(e.getMessage(), e);
            }

            tf.validate();
        }
    }
}
