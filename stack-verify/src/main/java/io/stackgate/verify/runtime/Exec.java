package io.stackgate.verify.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.InvalidExitValueException;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * The one way stackgate runs a short-lived external program (promtool, amtool, kill, terraform,
 * ansible-playbook, …): command, directory, environment, timeout and allowed exit codes in one
 * immutable value. A failure says the command, the directory, the exit code and the head and tail
 * of the output.
 */
public final class Exec {
    private final List<String> command;
    private final Path dir;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Set<Integer> exitCodes;

    private Exec(List<String> command, Path dir, Map<String, String> env, Duration timeout, Set<Integer> exitCodes) {
        this.command = List.copyOf(command);
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.exitCodes = Set.copyOf(exitCodes);
    }

    public static Exec of(String... command) {
        return new Exec(List.of(command), Path.of("").toAbsolutePath(), Map.of(), Duration.ofMinutes(2), Set.of(0));
    }

    public static Exec of(List<String> command) {
        return new Exec(command, Path.of("").toAbsolutePath(), Map.of(), Duration.ofMinutes(2), Set.of(0));
    }

    public Exec in(Path directory) {
        return new Exec(command, directory, env, timeout, exitCodes);
    }

    public Exec env(String key, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(key, value);
        return new Exec(command, dir, e, timeout, exitCodes);
    }

    public Exec timeout(Duration t) {
        return new Exec(command, dir, env, t, exitCodes);
    }

    public Exec allowExitCodes(Integer... codes) {
        Set<Integer> s = new HashSet<>(List.of(codes));
        return new Exec(command, dir, env, timeout, s);
    }

    public List<String> command() {
        return command;
    }

    /** Runs the command; returns its result or throws with command, directory, exit code and output. */
    public Result run() {
        try {
            ProcessResult r = new ProcessExecutor().command(new ArrayList<>(command)).directory(dir.toFile())
                    .environment(env).redirectErrorStream(true).readOutput(true)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exitValues(exitCodes.stream().mapToInt(Integer::intValue).toArray())
                    .execute(); // no destroyOnExit: it registers a shutdown hook, which fails while the JVM exits
            return new Result(r.getExitValue(), r.outputUTF8());
        } catch (InvalidExitValueException e) {
            throw new ExecFailedException(command, dir, e.getExitValue(), e.getResult().outputUTF8(),
                    "exited " + e.getExitValue() + " (expected " + exitCodes + ")");
        } catch (TimeoutException e) {
            throw new ExecFailedException(command, dir, -1, "", "did not finish within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new ExecFailedException(command, dir, -1, "", "could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecFailedException(command, dir, -1, "", "was interrupted");
        }
    }

    /** Exit code and combined stdout/stderr. */
    public record Result(int exitCode, String output) {
    }
}
