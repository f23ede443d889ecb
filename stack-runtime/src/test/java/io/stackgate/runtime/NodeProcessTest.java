package io.stackgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {
    @TempDir
    Path dir;

    @Test
    void aNodeRunsWithItsOutputInItsLogAndIsGoneAfterStop() throws Exception {
        int before = NodeProcess.liveCount();
        Exec exec = Exec.of("sh", "-c", "echo \"hello $NODE\"; echo oops >&2; exec sleep 60").in(dir).env("NODE", "n1");
        NodeProcess node = NodeProcess.start("n1", exec, dir.resolve("n1.log"));
        try {
            assertThat(NodeProcess.liveCount()).isEqualTo(before + 1);
            await("n1's log to show both lines").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> node.logTail(5).contains("oops"));
            assertThat(node.logTail(5)).isEqualTo("hello n1\noops");
            node.freeze();
            node.resume();
            assertThat(node.isAlive()).isTrue();
        } finally {
            node.stop(Duration.ofSeconds(2));
        }
        assertThat(node.isAlive()).isFalse();
        assertThat(ExecTest.running(node.pid())).isFalse();
        assertThat(NodeProcess.liveCount()).isEqualTo(before);
    }

    @Test
    void aProgramThatCannotStartIsReportedWithItsCommand() {
        ExecFailedException e = catchThrowableOfType(ExecFailedException.class, () -> NodeProcess.start("x",
                Exec.of(dir.resolve("missing").toString()), dir.resolve("x.log")));

        assertThat(e.getMessage()).contains("could not start " + dir.resolve("missing"));
        assertThat(e.exitCode()).isEqualTo(-1);
    }
}
