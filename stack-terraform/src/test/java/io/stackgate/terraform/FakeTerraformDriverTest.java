package io.stackgate.terraform;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's commands, environment, plan and output parsing, proven against a fake terraform script. */
class FakeTerraformDriverTest {
    private static final RetryPolicy FAST = Terraform.defaultRetry().withBackoff(Duration.ZERO, 2, Duration.ZERO);

    @TempDir
    Path tmp;
    FakeTerraform fake;
    Path module;

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeTerraform.in(tmp.resolve("fake"));
        module = Files.createDirectories(tmp.resolve("module"));
        Files.writeString(module.resolve("main.tf"), "# fake root module\n");
    }

    private Terraform.Builder terraform() {
        return Terraform.builder().binary(fake.binary()).workingDir(module).retry(FAST);
    }

    @Test
    void eachOperationPassesItsDocumentedArgumentsAndTheVarFiles() throws IOException {
        fake.stdout("show", PlanTest.resource("/plans/seed-2az.plan.json")).stdout("output", "{}");
        Path a = module.resolve("a.tfvars.json");
        Path b = module.resolve("b.tfvars.json");
        Terraform tf = terraform().varFile(a).varFile(b).build();

        tf.init();
        tf.validate();
        tf.plan();
        tf.apply();
        tf.output();
        tf.destroy();

        String plan = module.resolve(Terraform.PLAN_FILE).toString();
        assertThat(fake.calls()).extracting(FakeTerraform.Call::args).containsExactly(
                "init -input=false -no-color",
                "validate -no-color",
                "plan -input=false -no-color -out=" + plan + " -var-file=" + a + " -var-file=" + b,
                "show -json -no-color " + plan,
                "apply -input=false -no-color -auto-approve -var-file=" + a + " -var-file=" + b,
                "output -json -no-color",
                "destroy -input=false -no-color -auto-approve -var-file=" + a + " -var-file=" + b);
        assertThat(module.resolve(Terraform.PLAN_FILE)).hasContent("fake plan");
    }

    @Test
    void commandsRunInTheWorkingDirectoryInAutomationModeWithTheGivenEnvironment() throws IOException {
        terraform().env("TF_DATA_DIR", tmp.resolve("data").toString()).build().init();

        FakeTerraform.Call call = fake.calls().get(0);
        assertThat(call.pwd()).isEqualTo(module.toString());
        assertThat(call.automation()).isEqualTo("1");
        assertThat(call.dataDir()).isEqualTo(tmp.resolve("data").toString());
    }

    @Test
    void planParsesShowJsonIntoAPlanWhoseAssertionsPassAndFail() throws IOException {
        fake.stdout("show", PlanTest.resource("/plans/seed-2az.plan.json"));

        Plan plan = terraform().build().plan();

        plan.resourceCountIs("aws_lb", 2)
                .allResourcesOfType("aws_launch_template").match(Map.of("metadata_options", List.of(Map.of("http_tokens", "required"))));
        assertThatThrownBy(() -> plan.allResourcesOfType("aws_launch_template")
                .match(Map.of("metadata_options", List.of(Map.of("http_tokens", "optional")))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but 3 of 3 did not:")
                .hasMessageContaining("module.compute.aws_launch_template.tier[\"prometheus\"]: "
                        + "metadata_options[0].http_tokens: expected \"optional\" but was \"required\"");
    }

    @Test
    void aShowOutputThatIsNotAPlanFailsThePlanWithWhatItPrinted() throws IOException {
        fake.stdout("show", "No plan here\n");

        TerraformException e = catchThrowableOfType(TerraformException.class, () -> terraform().build().tryPlan());

        assertThat(e.getMessage()).startsWith("terraform show failed: its output is not a plan: not JSON")
                .contains("| No plan here");
    }

    @Test
    void outputParsesJsonIntoAMapOfValues() throws IOException {
        fake.stdout("output", """
                {"grafana_url": {"sensitive": false, "type": "string", "value": "https://obs-public.example"},
                 "prometheus_asg": {"sensitive": false, "type": ["list", "string"], "value": ["obs-prometheus"]},
                 "replicas": {"sensitive": false, "type": "number", "value": 2}}
                """);

        Map<String, Object> out = terraform().build().output();

        assertThat(out).containsEntry("grafana_url", "https://obs-public.example")
                .containsEntry("prometheus_asg", List.of("obs-prometheus"))
                .containsEntry("replicas", 2);
    }

    @Test
    void twoDriversInParallelUseTheirOwnDataDirPluginCacheAndModuleCopy() throws Exception {
        fake.sleep("init", 0.5);
        try (Workspace one = Workspace.copyOf(module); Workspace two = Workspace.copyOf(module)) {
            Terraform first = one.terraform().binary(fake.binary()).retry(FAST).build();
            Terraform second = two.terraform().binary(fake.binary()).retry(FAST).build();
            CountDownLatch start = new CountDownLatch(1);

            ExecutorService pool = Executors.newFixedThreadPool(2);
            long t0;
            try {
                CompletableFuture<Terraform.Result> a = CompletableFuture.supplyAsync(() -> await(start, first::init), pool);
                CompletableFuture<Terraform.Result> b = CompletableFuture.supplyAsync(() -> await(start, second::init), pool);
                t0 = System.nanoTime();
                start.countDown();
                CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the two inits overlapped")
                    .isLessThan(Duration.ofMillis(950));
            assertThat(fake.calls()).hasSize(2);
            assertThat(fake.calls()).extracting(FakeTerraform.Call::dataDir)
                    .containsExactlyInAnyOrder(one.dataDir().toString(), two.dataDir().toString());
            assertThat(fake.calls()).extracting(FakeTerraform.Call::pluginCacheDir)
                    .containsExactlyInAnyOrder(one.pluginCacheDir().toString(), two.pluginCacheDir().toString());
            assertThat(fake.calls()).extracting(FakeTerraform.Call::pwd)
                    .containsExactlyInAnyOrder(one.moduleDir().toString(), two.moduleDir().toString());
            assertThat(one.dataDir()).isNotEqualTo(two.dataDir());
            assertThat(one.moduleDir().resolve("main.tf")).hasContent("# fake root module");
        }
    }

    @Test
    void aMissingBinaryNamesTerraformAndTofuThePathSearchedAndHowToInstall() {
        Path empty = tmp.resolve("empty-bin");

        assertThatThrownBy(() -> Terraform.builder().workingDir(module).env("PATH", empty.toString()).build())
                .isInstanceOf(TerraformNotFoundException.class)
                .hasMessageContaining("no terraform or tofu binary found on the PATH searched (" + empty + ")")
                .hasMessageContaining("install Terraform >= 1.9")
                .hasMessageContaining("OpenTofu")
                .hasMessageContaining("Terraform.builder().binary(");
    }

    @Test
    void terraformIsPreferredOverTofuAndTofuIsFoundWhenAlone() throws IOException {
        Path both = Files.createDirectories(tmp.resolve("both"));
        Path onlyTofu = Files.createDirectories(tmp.resolve("only-tofu"));
        executable(both.resolve("tofu"));
        executable(both.resolve("terraform"));
        executable(onlyTofu.resolve("tofu"));

        assertThat(Terraform.builder().workingDir(module).env("PATH", onlyTofu + ":" + both).build().binary())
                .as("terraform anywhere on the PATH wins over tofu earlier on it")
                .isEqualTo(both.resolve("terraform"));
        assertThat(Terraform.builder().workingDir(module).env("PATH", onlyTofu.toString()).build().binary())
                .isEqualTo(onlyTofu.resolve("tofu"));
        assertThat(Terraform.builder().workingDir(module).env("PATH", both.toString()).binary("tofu").build().binary())
                .isEqualTo(both.resolve("tofu"));
    }

    @Test
    void anExplicitBinaryThatIsMissingOrNotExecutableIsNamed() throws IOException {
        Path missing = tmp.resolve("nowhere/terraform");
        Path plain = Files.writeString(tmp.resolve("terraform-not-executable"), "#!/bin/sh\n");

        assertThatThrownBy(() -> Terraform.builder().workingDir(module).binary(missing).build())
                .isInstanceOf(TerraformNotFoundException.class)
                .hasMessageContaining("terraform binary " + missing + " does not exist");
        assertThatThrownBy(() -> Terraform.builder().workingDir(module).binary(plain).build())
                .hasMessageContaining(plain + " is not executable (chmod +x " + plain + ")");
    }

    @Test
    void toBuilderKeepsEveryOption() throws IOException {
        Terraform tf = terraform().env("A", "1").varFile(module.resolve("x.json")).timeout(Duration.ofMinutes(3)).build();

        Terraform copy = tf.toBuilder().build();

        assertThat(copy.binary()).isEqualTo(tf.binary());
        assertThat(copy.env()).isEqualTo(Map.of("A", "1"));
        assertThat(copy.varFiles()).containsExactly(module.resolve("x.json"));
        assertThat(copy.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(copy.retry()).isSameAs(FAST);
    }

    private static Terraform.Result await(CountDownLatch start, java.util.function.Supplier<Terraform.Result> op) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return op.get();
    }

    private static void executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
