package io.stackgate.verify.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGTERM midway (network built, a process running inside an AZ) leaves nothing behind. */
class SigtermTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledWithSigtermRemovesItsNamespacesLinksAndProcesses() throws Exception {
        NetFixtures.assumeNamespaces();
        NetFixtures.Snapshot before = NetFixtures.settledSnapshot();
        String seconds = Long.toString(3600 + ProcessHandle.current().pid() % 1000);
        String java = ProcessHandle.current().info().command().orElse("java");
        Host.Started child = Host.start("hold-az-network", List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldAzNetwork.class.getName(), seconds, dir.toString()), dir, dir.resolve("child.log"));
        ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
        try {
            String[] ready = awaitReady(child).split(" ");
            String runId = ready[1];
            long marker = Long.parseLong(ready[2]);
            assertThat(NetFixtures.ip().namespaces()).contains(runId + "-0", runId + "-1", runId + "-2");
            assertThat(NetFixtures.ip().pids(runId + "-0")).contains(marker);

            Host.run(List.of("kill", "-TERM", Long.toString(child.pid())), Duration.ofSeconds(5));
            handle.onExit().get(30, TimeUnit.SECONDS);

            assertThat(NetFixtures.Snapshot.take()).isEqualTo(before);
            assertThat(ProcessHandle.of(marker).filter(ProcessHandle::isAlive)).as("the sleep inside zone 0").isEmpty();
            assertThat(processesRunning("sleep" + '\0' + seconds)).as("processes left with cmdline sleep " + seconds).isZero();
        } catch (TimeoutException | ExecutionException e) {
            throw new AssertionError("the child JVM did not exit within 30 s of SIGTERM; log:\n" + child.logTail(40), e);
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    private static String awaitReady(Host.Started child) {
        AtomicReference<String> line = new AtomicReference<>("");
        Awaitility.await("child JVM prints READY after building its network").atMost(Duration.ofSeconds(60))
                .pollInterval(100, TimeUnit.MILLISECONDS).pollInSameThread()
                .failFast("child JVM exited before READY", () -> !child.isAlive())
                .until(() -> {
                    line.set(child.logTail(50).lines().filter(l -> l.startsWith("READY ")).findFirst().orElse(""));
                    return !line.get().isEmpty();
                });
        return line.get();
    }

    private static long processesRunning(String cmdline) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).startsWith(cmdline);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
