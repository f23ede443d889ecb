package io.stackgate.verify.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.runtime.Exec;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.wait.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verify run killed with SIGTERM midway — its AZ network built, one AZ out, another cut off, every
 * node running in its namespace — leaves the host as it found it: namespaces, links, processes.
 */
class LocalTargetSigtermTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledWithSigtermMidwayLeavesNoNamespaceLinkOrProcess() throws Exception {
        HostState.assumeZones();
        HostState before = HostState.take();
        String java = ProcessHandle.current().info().command().orElse("java");
        NodeProcess child = NodeProcess.start("hold-local-target", List.of(java, "-cp", System.getProperty("java.class.path"),
                HoldLocalTarget.class.getName()), Path.of("").toAbsolutePath(), Map.of(), dir.resolve("child.log"));
        try {
            String[] ready;
            try {
                ready = Wait.until("the child JVM printing READY once its stack runs with an AZ out and one cut off",
                        Duration.ofSeconds(120)).polling(Duration.ofMillis(200))
                        .on(() -> readyLine(child), l -> !l.isEmpty()).split(" ");
            } catch (Wait.WaitTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; child log:\n" + child.logTail(60), e);
            }
            assertThat(ready[0]).as("the child JVM's state; its log:\n" + child.logTail(60)).isEqualTo("READY");
            String runId = ready[1];
            Path work = Path.of(ready[2]);
            List<ProcessHandle> spawned = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
            // the nodes of the two AZs still up, HAProxy and the toxiproxy servers
            assertThat(spawned).as("processes of the child run").hasSizeGreaterThan(10);
            assertThat(Exec.of("ip", "netns", "list").run().output()).contains(runId + "-0", runId + "-1", runId + "-2");
            assertThat(work).exists();

            Exec.of("kill", "-TERM", Long.toString(child.pid())).timeout(Duration.ofSeconds(5)).run();
            ProcessHandle.of(child.pid()).ifPresent(h -> {
                try {
                    h.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the child JVM did not exit within 60 s of SIGTERM; log:\n" + child.logTail(40), e);
                }
            });

            assertThat(spawned.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine()
                    .orElse("?")).toList()).as("processes of the child left running").isEmpty();
            assertThat(HostState.take()).isEqualTo(before);
            assertThat(Exec.of("ip", "netns", "list").run().output()).doesNotContain(runId);
            assertThat(Exec.of("ip", "-o", "link", "show").run().output()).doesNotContain(runId);
            assertThat(Files.exists(work)).as("the child's working directory " + work).isFalse();
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }

    /** The READY line, EXITED when the child is gone without one, or empty while it starts. */
    private static String readyLine(NodeProcess child) {
        String line = child.logTail(200).lines().filter(l -> l.startsWith("READY ")).findFirst().orElse("");
        return line.isEmpty() && !child.isAlive() ? "EXITED" : line;
    }
}
