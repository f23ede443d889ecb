package io.stackgate.aws.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class MotoServerTest {
    @Test
    void answersOnAFreeLoopbackPortResetsAndStopsWithNothingLeft() {
        long pid;
        Path log;
        try (MotoServer moto = MotoServer.start();
                AwsClients aws = AwsClients.of(AwsConnection.emulator("us-east-1", moto.endpoint()))) {
            pid = moto.pid();
            log = moto.log();
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            aws.ec2().createVpc(r -> r.cidrBlock("127.50.0.0/16"));
            assertThat(aws.ec2().describeVpcs().vpcs()).anyMatch(v -> v.cidrBlock().equals("127.50.0.0/16"));
            moto.reset();
            assertThat(aws.ec2().describeVpcs().vpcs()).noneMatch(v -> v.cidrBlock().equals("127.50.0.0/16"));
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("moto_server after close").isFalse();
        assertThat(log.getParent()).as("moto's working directory after close").doesNotExist();
    }

    @Test
    void twoServersGetTwoPorts() {
        try (MotoServer a = MotoServer.start(); MotoServer b = MotoServer.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
        }
    }

    @Test
    void sigtermToTheJvmStopsMoto() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                HoldsMoto.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child JVM's first line").startsWith("moto pid ");
            String[] parts = line.split(" ");
            long pid = Long.parseLong(parts[2]);
            Path dir = Path.of(parts[4]);
            assertThat(ProcessHandle.of(pid)).isPresent();
            jvm.destroy(); // SIGTERM
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("child JVM exits on SIGTERM").isTrue();
            Awaitility.await("moto_server pid " + pid + " gone after SIGTERM to its JVM").atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            assertThat(dir).as("moto's working directory after SIGTERM").doesNotExist();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** Starts moto, prints its pid, waits to be killed. */
    public static final class HoldsMoto {
        public static void main(String[] args) throws Exception {
            MotoServer moto = MotoServer.start();
            System.out.println("moto pid " + moto.pid() + " dir " + moto.log().getParent());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aMissingVenvSaysWhereItLookedAndHowToInstall() throws Exception {
        Path empty = Files.createTempDirectory("no-moto");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> MotoVenv.require(java.util.Map.of("STACKGATE_TOOLS", empty.toString()), empty))
                    .isInstanceOf(EmulatorException.class)
                    .hasMessageContaining(empty.resolve("venv-moto").toString())
                    .hasMessageContaining("./scripts/install-tools");
        } finally {
            Files.delete(empty);
        }
    }
}
