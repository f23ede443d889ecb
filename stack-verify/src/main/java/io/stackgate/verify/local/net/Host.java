package io.stackgate.verify.local.net;

import io.stackgate.runtime.Exec;
import io.stackgate.runtime.ExecFailedException;
import io.stackgate.runtime.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The only file of this package that touches the project's runner ({@code Exec} for short commands,
 * {@code NodeProcess} for long-running ones), so that moving the runner changes one import block.
 * Failures come back as {@link NetworkCommandException}, which carries the runner's message
 * (command, directory, exit code, head and tail of the output).
 */
final class Host {
    private static final Integer[] ANY_EXIT = IntStream.rangeClosed(0, 255).boxed().toArray(Integer[]::new);

    private Host() {
    }

    /** Runs {@code command}; returns its output, or throws when it exits non-zero, hangs or cannot start. */
    static String run(List<String> command, Duration timeout) {
        try {
            return Exec.of(command).timeout(timeout).run().output();
        } catch (ExecFailedException e) {
            throw new NetworkCommandException(e.getMessage(), e);
        }
    }

    /** Runs {@code command} whatever its exit code (cleanup, probes); throws only when it hangs or cannot start. */
    static Ran attempt(List<String> command, Duration timeout) {
        try {
            Exec.Result r = Exec.of(command).timeout(timeout).allowExitCodes(ANY_EXIT).run();
            return new Ran(r.exitCode(), r.output());
        } catch (ExecFailedException e) {
            throw new NetworkCommandException(e.getMessage(), e);
        }
    }

    /** Starts a long-running program, its output appended to {@code log}; it is killed on JVM exit. */
    static Started start(String name, List<String> command, Path dir, Path log) {
        try {
            return new Started(NodeProcess.start(name, command, dir, Map.of(), log));
        } catch (ExecFailedException e) {
            throw new NetworkCommandException(e.getMessage(), e);
        }
    }

    /** Exit code and combined output of a command run with {@link #attempt}. */
    record Ran(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** A program started with {@link #start}. */
    static final class Started {
        private final NodeProcess process;

        private Started(NodeProcess process) {
            this.process = process;
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String logTail(int lines) {
            return process.logTail(lines);
        }

        /** SIGTERM, SIGKILL after {@code grace}; returns when the process is gone. */
        void stop(Duration grace) {
            process.stop(grace);
        }
    }
}
