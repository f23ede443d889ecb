package io.stackgate.terraform;

import io.stackgate.runtime.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * The one place terraform (and the gate scripts next to its modules) run: every operation of {@link Terraform} comes through here, so the
 * retry rules of the {@link RetryPolicy} apply to all of them, and every failure is reported the
 * same way (command, directory, exit code, every attempt's explanation, the last output's head and
 * tail).
 */
final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    static final int HEAD_LINES = 15;
    static final int TAIL_LINES = 40;

    /** What to run; the environment is added to the JVM's own. */
    record Invocation(String operation, List<String> command, Path directory, Map<String, String> env,
            Duration timeout, Set<Integer> allowedExitCodes) {
        Invocation {
            command = List.copyOf(command);
            env = Map.copyOf(env);
            allowedExitCodes = Set.copyOf(allowedExitCodes);
        }

        Invocation(String operation, List<String> command, Path directory, Map<String, String> env, Duration timeout) {
            this(operation, command, directory, env, timeout, Set.of(0));
        }
    }

    /** Waits between attempts; tests replace it to avoid real waiting. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;

    CommandRunner(RetryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** Runs until exit code 0, a failure that is not a known transient error, or no attempts are left. */
    Terraform.Result run(Invocation inv) throws TerraformException {
        List<String> attempts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Outcome o = once(inv, attempts);
            if (inv.allowedExitCodes().contains(o.exitCode)) {
                attempts.add(attempt + ". exit " + o.exitCode);
                return new Terraform.Result(inv.command(), inv.directory(), o.exitCode, o.stdout, o.stderr, attempts);
            }
            String output = combined(o.stdout, o.stderr);
            Optional<RetryPolicy.Rule> rule = policy.transientError(output);
            if (rule.isEmpty()) {
                attempts.add(attempt + ". exit " + o.exitCode + ": not a known transient error, not retried");
                throw failure(inv, o.exitCode, output, attempts, "exit code " + o.exitCode, null);
            }
            String known = attempt + ". exit " + o.exitCode + ": known transient error /" + rule.get().pattern()
                    + "/ (" + rule.get().explanation() + ")";
            if (attempt >= policy.maxAttempts()) {
                attempts.add(known + "; no attempts left");
                throw failure(inv, o.exitCode, output, attempts, "exit code " + o.exitCode
                        + ", still a known transient error after " + attempt + " attempt" + (attempt == 1 ? "" : "s"),
                        null);
            }
            Duration wait = policy.backoffAfter(attempt);
            attempts.add(known + "; retried after " + seconds(wait));
            LOG.warn("{} in {}: attempt {} of {} failed with a known transient error ({}); retrying in {}",
                    inv.operation(), inv.directory(), attempt, policy.maxAttempts(), rule.get().explanation(),
                    seconds(wait));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                attempts.add("interrupted while waiting to retry");
                throw failure(inv, o.exitCode, output, attempts, "interrupted between attempts", e);
            }
        }
    }

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private static Outcome once(Invocation inv, List<String> attempts) throws TerraformException {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LOG.debug("running {} in {}", inv.command(), inv.directory());
        try {
            ProcessResult r = new ProcessExecutor().command(new ArrayList<>(inv.command()))
                    .directory(inv.directory().toFile())
                    .environment(inv.env())
                    .readOutput(true)
                    .redirectError(stderr)
                    .redirectInput(InputClosed.INSTANCE)
                    .timeout(inv.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .exitValueAny()
                    .destroyOnExit()
                    .execute();
            return new Outcome(r.getExitValue(), r.outputUTF8(), stderr.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            attempts.add((attempts.size() + 1) + ". did not finish within " + seconds(inv.timeout())
                    + ": killed, not retried");
            throw failure(inv, -1, stderr.toString(StandardCharsets.UTF_8), attempts,
                    "did not finish within " + seconds(inv.timeout()), e);
        } catch (IOException e) {
            attempts.add((attempts.size() + 1) + ". could not start: " + e.getMessage());
            throw failure(inv, -1, "", attempts, "could not start " + inv.command().get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add((attempts.size() + 1) + ". interrupted");
            throw failure(inv, -1, stderr.toString(StandardCharsets.UTF_8), attempts, "interrupted", e);
        }
    }

    static TerraformException failure(Invocation inv, int exitCode, String output, List<String> attempts,
            String what, Throwable cause) {
        StringBuilder m = new StringBuilder();
        m.append(inv.operation()).append(" failed: ").append(what).append('\n');
        m.append("  command:   ").append(String.join(" ", inv.command())).append('\n');
        m.append("  directory: ").append(inv.directory()).append('\n');
        m.append("  exit code: ").append(exitCode).append('\n');
        m.append("  attempts:\n");
        for (String a : attempts) {
            m.append("    ").append(a).append('\n');
        }
        m.append(excerpt(output));
        return new TerraformException(m.toString(), inv.command(), inv.directory(), exitCode, output, attempts, cause);
    }

    /** The head and tail of {@code output}, every line prefixed, with the omitted line count between. */
    static String excerpt(String output) {
        List<String> lines = output.isEmpty() ? List.of() : List.of(output.split("\r?\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        StringBuilder m = new StringBuilder();
        if (lines.isEmpty()) {
            return m.append("  output of the last attempt: (none)\n").toString();
        }
        boolean cut = lines.size() > HEAD_LINES + TAIL_LINES;
        m.append("  output of the last attempt (").append(lines.size()).append(" lines")
                .append(cut ? "; first " + HEAD_LINES + " and last " + TAIL_LINES + " shown" : "").append("):\n");
        if (!cut) {
            lines.forEach(l -> m.append("    | ").append(l).append('\n'));
            return m.toString();
        }
        lines.subList(0, HEAD_LINES).forEach(l -> m.append("    | ").append(l).append('\n'));
        m.append("    | … ").append(lines.size() - HEAD_LINES - TAIL_LINES).append(" lines omitted …\n");
        lines.subList(lines.size() - TAIL_LINES, lines.size()).forEach(l -> m.append("    | ").append(l).append('\n'));
        return m.toString();
    }

    static String combined(String stdout, String stderr) {
        if (stderr.isEmpty()) {
            return stdout;
        }
        if (stdout.isEmpty()) {
            return stderr;
        }
        return stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** Terraform must never wait for input: its stdin is an empty, closed stream. */
    private static final class InputClosed extends java.io.InputStream {
        static final InputClosed INSTANCE = new InputClosed();

        @Override
        public int read() {
            return -1;
        }
    }
}
