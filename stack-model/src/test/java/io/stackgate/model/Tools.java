package io.stackgate.model;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Runs the real tools (promtool, amtool, haproxy) from tests. A missing tool fails the test on CI
 * ({@code CI=true}), where the test command installs them, and skips it elsewhere with the install
 * command in the reason.
 */
public final class Tools {
    private Tools() {
    }

    /** The tool on PATH, or a failed/skipped test that says which package provides it. */
    public static Path require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String reason = name + " not found on PATH (" + System.getenv("PATH") + "); install it with: apt-get install -y "
                    + debianPackage;
            if ("true".equals(System.getenv("CI"))) {
                fail(reason);
            }
            assumeTrue(false, reason);
        }
        return found.get();
    }

    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a command in {@code dir}; returns exit code and combined output. */
    public static Result run(Path dir, String... command) {
        try {
            ProcessResult r = new ProcessExecutor().command(List.of(command)).directory(dir.toFile())
                    .redirectErrorStream(true).readOutput(true).timeout(60, TimeUnit.SECONDS).exitValueAny().execute();
            return new Result(r.getExitValue(), r.outputUTF8(), String.join(" ", command));
        } catch (Exception e) {
            throw new AssertionError("could not run " + String.join(" ", command) + " in " + dir + ": " + e, e);
        }
    }

    /** Runs a command and fails with its output when it does not exit 0. */
    public static Result ok(Path dir, String... command) {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            fail("`" + r.command() + "` in " + dir + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r;
    }

    public record Result(int exitCode, String output, String command) {
    }

    public static List<String> args(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
