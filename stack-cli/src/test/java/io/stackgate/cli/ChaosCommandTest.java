package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stackgate chaos} in process against a real moto server holding the seed stack. */
class ChaosCommandTest {
    static final String SEED = Path.of("../examples/seed-2az.yaml").toString();
    static MotoServer moto;
    static AwsClients aws;
    static Topology seed;

    @BeforeAll
    static void deploySeed() throws Exception {
        seed = new TopologyLoader().load(Path.of(SEED));
        moto = MotoServer.start();
        aws = AwsClients.of(AwsConnection.emulator(seed.region(), moto.endpoint()));
        new Deployer(aws).deploy(seed, new DeployOptions(EmulatorImages.linuxImage(aws.ec2())));
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** What a chaos run could change, as the API shows it: instance states, group members and capacity, target health. */
    static String emulatorState() {
        List<String> out = new ArrayList<>();
        aws.ec2().describeInstances().reservations().forEach(r -> r.instances().forEach(i -> out.add(i.instanceId() + " "
                + i.state().nameAsString() + " " + i.placement().availabilityZone())));
        aws.autoScaling().describeAutoScalingGroups().autoScalingGroups().forEach(g -> out.add(g.autoScalingGroupName() + " "
                + g.minSize() + "/" + g.desiredCapacity() + "/" + g.maxSize() + " " + g.instances().stream()
                        .map(i -> i.instanceId() + ":" + i.lifecycleStateAsString()).sorted().toList()));
        aws.elb().describeTargetGroups().targetGroups().forEach(t -> out.add(t.targetGroupName() + " "
                + aws.elb().describeTargetHealth(r -> r.targetGroupArn(t.targetGroupArn())).targetHealthDescriptions().stream()
                        .map(h -> h.target().id() + ":" + h.targetHealth().stateAsString()).sorted().toList()));
        out.sort(null);
        return String.join("\n", out);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing(@TempDir Path dir) {
        for (String experiment : List.of("terminate-prometheus", "terminate-alertmanager", "stop-az", "deregister-target")) {
            String before = emulatorState();
            CliRun run = CliRun.of("chaos", SEED, "--target", "emulated", "--endpoint", moto.endpoint().toString(),
                    "--experiment", experiment, "--dry-run", "--report", dir.resolve("r").toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("experiment " + experiment).contains("dry run: nothing was touched")
                    .containsPattern("i-[0-9a-f]+ \\(127\\.40\\.[0-9.]+, us-east-1[ab]\\)");
            assertThat(emulatorState()).as(experiment + " --dry-run").isEqualTo(before);
            assertThat(dir.resolve("r")).doesNotExist();
        }
    }

    @Test
    void liveWithoutYesIsRefusedBeforeAnythingIsRead() {
        CliRun run = CliRun.of("chaos", SEED, "--target", "live", "--endpoint", moto.endpoint().toString(),
                "--experiment", "stop-az");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--target live injects real faults").contains("--yes");
    }

    @Test
    void liveDryRunAtTheEmulatorsEndpointPrintsThePlan() {
        // the default credential chain reads these system properties
        System.setProperty("aws.accessKeyId", "stackgate");
        System.setProperty("aws.secretAccessKey", "stackgate");
        try {
            CliRun run = CliRun.of("chaos", SEED, "--target", "live", "--endpoint", moto.endpoint().toString(),
                    "--experiment", "stop-az", "--zone", "us-east-1b", "--dry-run");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("zone us-east-1b").contains("StopInstances i-");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void unknownExperimentAndZoneAreUnusableInput() {
        CliRun run = CliRun.of("chaos", SEED, "--target", "emulated", "--experiment", "reboot-everything");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown experiment reboot-everything").contains("terminate-prometheus, ");
        CliRun zone = CliRun.of("chaos", SEED, "--target", "emulated", "--experiment", "stop-az", "--zone", "eu-west-1a");
        assertThat(zone.exitCode()).isEqualTo(2);
        assertThat(zone.err()).contains("--zone eu-west-1a is not one of the topology's availability zones");
    }

    @Test
    void terminatePrometheusAtAnEndpointHoldsAndWritesTheJournal(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("chaos", SEED, "--target", "emulated", "--endpoint", moto.endpoint().toString(),
                "--experiment", "terminate-prometheus", "--report", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("hypothesis-after").contains("completed: the hypothesis held");
        JsonNode journal = new ObjectMapper().readTree(dir.resolve("journal.json").toFile());
        assertThat(journal.path("status").asText()).isEqualTo("completed");
        assertThat(journal.path("experiment").path("target").asText()).isEqualTo("emulated");
        assertThat(Files.exists(dir.resolve("index.html"))).isTrue();
    }

    @Test
    void terminatePrometheusOnItsOwnEmulatorPassesAndStopsIt(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("chaos", SEED, "--target", "emulated", "--experiment", "terminate-prometheus",
                "--report", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("emulated: moto at http://127.0.0.1:");
        String endpoint = run.err().replaceAll("(?s).*emulated: moto at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
        assertThat(new ObjectMapper().readTree(dir.resolve("journal.json").toFile()).path("status").asText())
                .isEqualTo("completed");
        assertThat(reachable(endpoint)).as("the command's own moto server is stopped").isFalse();
    }

    private static boolean reachable(String endpoint) {
        java.net.URI u = java.net.URI.create(endpoint);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
