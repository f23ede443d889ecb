package io.stackgate.ansible;

import io.stackgate.runtime.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.stop.ProcessStopper;

/**
 * The one place ansible-playbook runs: every operation of {@link AnsiblePlaybook} comes through
 * here, so the retry rules of the {@link RetryPolicy} apply to all of them, a timeout stops the
 * whole process tree (ansible-playbook, its workers and the modules they run), and every failure
 * is reported the same way (command, directory, exit code, every attempt's explanation, the last
 * output's head and tail).
 */
final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    static final int HEAD_LINES = 15;
    static final int TAIL_LINES = 40;
    /** How long the process tree gets after SIGTERM before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * What to run; the environment is added to the JVM's own. {@code resultFile} is where the
     * bundled callback writes the run's JSON (read after each attempt, removed before the next).
     */
    record Invocation(String operation, List<String> command, Path directory, Map<String, String> env,
            Duration timeout, Path resultFile) {
        Invocation {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    /** A process that ran to its end: exit code, output, the callback's JSON (null: none written). */
    record Execution(int exitCode, String stdout, String stderr, String resultJson, List<String> attempts) {
        Execution {
            attempts = List.copyOf(attempts);
        }

        String output() {
            return combined(stdout, stderr);
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

    /**
     * Runs until exit code 0, a failure that is not a known transient error, or no attempts are
     * left, and returns the last attempt whatever its exit code (the caller knows what a failure
     * means for its operation).
     *
     * @throws AnsibleException when an attempt timed out, could not start or was interrupted
     */
    Execution run(Invocation inv) throws AnsibleException {
        List<String> attempts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Execution e = once(inv, attempts);
            if (e.exitCode() == 0) {
                attempts.add(attempt + ". exit 0");
                return new Execution(0, e.stdout(), e.stderr(), e.resultJson(), attempts);
            }
            Optional<RetryPolicy.Rule> rule = policy.transientError(e.output());
            if (rule.isEmpty()) {
                attempts.add(attempt + ". exit " + e.exitCode() + ": not a known transient error, not retried");
                return new Execution(e.exitCode(), e.stdout(), e.stderr(), e.resultJson(), attempts);
            }
            String known = attempt + ". exit " + e.exitCode() + ": known transient error /" + rule.get().pattern()
                    + "/ (" + rule.get().explanation() + ")";
            if (attempt >= policy.maxAttempts()) {
                attempts.add(known + "; no attempts left");
                return new Execution(e.exitCode(), e.stdout(), e.stderr(), e.resultJson(), attempts);
            }
            Duration wait = policy.backoffAfter(attempt);
            attempts.add(known + "; retried after " + seconds(wait));
            LOG.warn("{} in {}: attempt {} of {} failed with a known transient error ({}); retrying in {}",
                    inv.operation(), inv.directory(), attempt, policy.maxAttempts(), rule.get().explanation(),
                    seconds(wait));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                attempts.add("interrupted while waiting to retry");
                throw failure(inv, e.exitCode(), e.output(), attempts, "interrupted between attempts", null, ex);
            }
        }
    }

    private static Execution once(Invocation inv, List<String> attempts) throws AnsibleException {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        LOG.debug("running {} in {}", inv.command(), inv.directory());
        try {
            if (inv.resultFile() != null) {
                Files.deleteIfExists(inv.resultFile());
            }
            ProcessResult r = new ProcessExecutor().command(new ArrayList<>(inv.command()))
                    .directory(inv.directory().toFile())
                    .environment(inv.env())
                    .readOutput(true)
                    .redirectError(stderr)
                    .redirectInput(InputClosed.INSTANCE)
                    .timeout(inv.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .stopper(TreeStopper.INSTANCE)
                    .exitValueAny()
                    .destroyOnExit()
                    .execute();
            String json = inv.resultFile() != null && Files.isRegularFile(inv.resultFile())
                    ? Files.readString(inv.resultFile(), StandardCharsets.UTF_8) : null;
            return new Execution(r.getExitValue(), r.outputUTF8(), stderr.toString(StandardCharsets.UTF_8), json,
                    List.of());
        } catch (TimeoutException e) {
            attempts.add((attempts.size() + 1) + ". did not finish within " + seconds(inv.timeout())
                    + ": stopped with its whole process tree, not retried");
            throw failure(inv, -1, stderr.toString(StandardCharsets.UTF_8), attempts,
                    "did not finish within " + seconds(inv.timeout()), null, e);
        } catch (IOException e) {
            attempts.add((attempts.size() + 1) + ". could not start: " + e.getMessage());
            throw failure(inv, -1, "", attempts, "could not start " + inv.command().get(0) + ": " + e.getMessage(),
                    null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempts.add((attempts.size() + 1) + ". interrupted");
            throw failure(inv, -1, stderr.toString(StandardCharsets.UTF_8), attempts, "interrupted", null, e);
        }
    }

    /** The failure report: what, then command, directory, exit code, attempts and the output's head and tail. */
    static AnsibleException failure(Invocation inv, int exitCode, String output, List<String> attempts, String what,
            PlaybookResult result, Throwable cause) {
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
        return new AnsibleException(m.toString(), inv.command(), inv.directory(), exitCode, output, attempts, result,
                cause);
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

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /**
     * Stops ansible-playbook with everything it started: SIGTERM to the whole tree (collected
     * before the parent goes, so orphans are not missed), SIGKILL to what is left after the grace.
     */
    static final class TreeStopper implements ProcessStopper {
        static final TreeStopper INSTANCE = new TreeStopper();

        @Override
        public void stop(Process process) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(process.toHandle());
            process.toHandle().descendants().forEach(tree::add);
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (ProcessHandle h : tree) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    try {
                        h.onExit().get(left, TimeUnit.NANOSECONDS);
                    } catch (Exception e) {
                        if (e instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                        // still alive: killed below
                    }
                }
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** ansible-playbook must never wait for input (a vault or become password prompt): stdin is closed. */
    private static final class InputClosed extends InputStream {
        static final InputClosed INSTANCE = new InputClosed();

        @Override
        public int read() {
            return -1;
        }
    }
}
