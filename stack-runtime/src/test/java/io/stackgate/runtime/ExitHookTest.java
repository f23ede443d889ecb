package io.stackgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each case runs in a JVM of its own: shutdown hooks run only when a JVM exits. */
class ExitHookTest {
    @TempDir
    Path dir;

    @Test
    void theWorkRunsWhenTheJvmEndsNormally() throws Exception {
        Path marker = dir.resolve("ran");
        assertThat(child(marker, "end").waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(marker).hasContent("ran");
    }

    @Test
    void theWorkRunsOnSigterm() throws Exception {
        Path marker = dir.resolve("ran");
        Process p = child(marker, "wait");
        Path ready = dir.resolve("ran.registered");
        for (int i = 0; i < 300 && !Files.exists(ready); i++) {
            Thread.sleep(50);
        }
        assertThat(ready).as("the child registered its hook").exists();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(marker).hasContent("ran");
    }

    @Test
    void aCancelledHookDoesNotRunAtExit() throws Exception {
        Path marker = dir.resolve("ran");
        assertThat(child(marker, "cancel").waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("ran.registered")).exists();
        assertThat(marker).as("cancelled before the exit").doesNotExist();
    }

    @Test
    void theHookCancellingItselfWhileItRunsStillDoesItsWorkOnce() throws Exception {
        Path marker = dir.resolve("ran");
        Process p = child(marker, "self-cancel");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(marker).hasContent("ran");
    }

    private Process child(Path marker, String mode) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), marker.toString(), mode)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(mode + ".out").toFile()).start();
    }

    /** The child JVM: registers a hook that appends "ran" to the marker, then does what the mode says. */
    public static final class Child {
        private static ExitHook hook;

        public static void main(String[] args) throws Exception {
            Path marker = Path.of(args[0]);
            hook = ExitHook.register("exit-hook-test", () -> {
                if (args[1].equals("self-cancel")) {
                    hook.cancel();
                }
                try {
                    Files.writeString(marker, "ran", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Files.writeString(Path.of(args[0] + ".registered"), "");
            switch (args[1]) {
                case "cancel" -> {
                    hook.cancel();
                    hook.cancel();
                }
                case "wait" -> Thread.sleep(60_000);
                default -> {
                }
            }
        }
    }
}
