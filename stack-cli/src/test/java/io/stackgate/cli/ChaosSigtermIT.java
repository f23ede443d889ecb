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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The packaged jar, killed with SIGTERM while it holds a stop-az fault: its shutdown hook starts the
 * stopped instances again and writes the journal (status aborted) before the JVM exits.
 */
class ChaosSigtermIT {
    @Test
    void sigtermWhileTheFaultIsHeldRunsTheRollbackAndWritesTheJournal(@TempDir Path dir) throws Exception {
        Path seedFile = Path.of("../examples/seed-2az.yaml").toAbsolutePath();
        Topology seed = new TopologyLoader().load(seedFile);
        try (MotoServer moto = MotoServer.start();
                AwsClients aws = AwsClients.of(AwsConnection.emulator(seed.region(), moto.endpoint()))) {
            new Deployer(aws).deploy(seed, new DeployOptions(EmulatorImages.linuxImage(aws.ec2())));
            List<String> zoneB = running(aws, seed, "us-east-1b");
            assertThat(zoneB).isNotEmpty();
            Path out = dir.resolve("out.txt");
            Process p = Jar.builder(dir, Map.of(), "chaos", seedFile.toString(), "--target", "emulated", "--endpoint",
                    moto.endpoint().toString(), "--experiment", "stop-az", "--zone", "us-east-1b", "--pause-after", "300",
                    "--report", dir.resolve("report").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                Jar.awaitOutput(p, out, java.util.regex.Pattern.compile("holding the fault"), 120);
                assertThat(running(aws, seed, "us-east-1b")).as("the zone is down while the fault is held").isEmpty();

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM:\n" + Files.readString(out)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(running(aws, seed, "us-east-1b")).as(Files.readString(out)).containsExactlyInAnyOrderElementsOf(zoneB);
            JsonNode journal = new ObjectMapper().readTree(dir.resolve("report/journal.json").toFile());
            assertThat(journal.path("status").asText()).isEqualTo("aborted");
            assertThat(journal.path("rollbacks").get(0).path("done").get(0).asText()).startsWith("StartInstances");
        }
    }

    private static List<String> running(AwsClients aws, Topology seed, String zone) {
        return aws.ec2().describeInstances(r -> r.filters(Filter.builder().name("tag:Stack").values(seed.name()).build(),
                Filter.builder().name("availability-zone").values(zone).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(i -> i.instanceId()).sorted().toList();
    }
}
