package io.stackgate.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;
import org.zeroturnaround.exec.StartedProcess;

/**
 * The one way stackgate runs an external program (terraform, ansible-playbook, promtool, amtool,
 * kill, python, …), and the one place a zt-exec {@link ProcessExecutor} is built ({@link NodeProcess}
 * starts long-running nodes through it too). An immutable value: every method that configures
 * returns a new {@code Exec}, so one can be shared and varied.
 *
 * <pre>{@code
 * Exec.Result r = Exec.of("terraform", "plan", "-no-color").in(module).env("TF_INPUT", "0")
 *         .timeout(Duration.ofMinutes(30)).separateStderr().retry(policy).run();
 * }</pre>
 *
 * <p>How a command runs:
 * <ul>
 *   <li>its environment is the JVM's plus {@link #env}; stdin is closed, so nothing can wait for input;</li>
 *   <li>stdout and stderr are captured as one stream in the order written ({@link Result#stdout()}
 *       holds both), or apart with {@link #separateStderr()};</li>
 *   <li>an attempt that outlives {@link #timeout} is stopped with its whole process tree: SIGTERM
 *       to every process, SIGKILL to what is left after {@link #stopGrace}; it is not retried;</li>
 *   <li>an exit code outside {@link #allowExitCodes} is retried while its output matches a rule
 *       of the {@link #retry} policy and attempts are left; otherwise it is final. Every attempt
 *       leaves one line in {@link Result#attempts()} saying what happened and why;</li>
 *   <li>a process still running when the JVM exits is killed with its tree.</li>
 * </ul>
 *
 * <p>{@link #run()} passes with an allowed exit code and throws {@link ExecFailedException}
 * otherwise; {@link #runForAnyExit()} returns the last attempt whatever its exit code, for callers
 * that interpret failures themselves. Both throw for a timeout, a program that cannot start and an
 * interruption. A failure carries the command, the directory, the exit code, every attempt's
 * explanation and the head and tail of the <em>last</em> attempt's output.
 *
 * <p>Why one file over 300 lines: the one runner — options, retries with every attempt's
 * explanation, process-tree stop and the result type belong together; it is the only place a
 * ProcessExecutor is built.
 */
public final class Exec {
    /** The timeout of an {@code Exec} that sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** How long a timed-out process tree gets between SIGTERM and SIGKILL unless {@link #stopGrace} says otherwise. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    /** How long the output pumps get to drain after a stopped process tree before the output is taken as it is. */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Exec.class);

    /** Waits between attempts; tests replace it to avoid real waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Runs before each attempt (1-based), e.g. to remove what the previous attempt left. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(int attempt) throws IOException;
    }

    private final String operation;
    private final List<String> command;
    private final Path dir;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Set<Integer> exitCodes;
    private final boolean separateStderr;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Duration stopGrace;
    private final Preparation preparation;

    private Exec(Settings s) {
        this.operation = s.operation;
        this.command = List.copyOf(s.command);
        this.dir = s.dir;
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(s.env));
        this.timeout = s.timeout;
        this.exitCodes = Collections.unmodifiableSet(new TreeSet<>(s.exitCodes));
        this.separateStderr = s.separateStderr;
        this.retry = s.retry;
        this.sleeper = s.sleeper;
        this.stopGrace = s.stopGrace;
        this.preparation = s.preparation;
    }

    /**
     * {@code command} (program first) in the JVM's working directory, timeout {@link #DEFAULT_TIMEOUT},
     * exit code 0 allowed, no retries.
     *
     * @throws IllegalArgumentException when {@code command} is empty
     */
    public static Exec of(String... command) {
        return of(List.of(command));
    }

    /** {@link #of(String...)} from a list. */
    public static Exec of(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        Settings s = new Settings();
        s.command = List.copyOf(command);
        return new Exec(s);
    }

    /** Runs in {@code directory}. */
    public Exec in(Path directory) {
        Path d = directory.toAbsolutePath().normalize();
        return with(s -> s.dir = d);
    }

    /** Adds {@code key=value} to the JVM's environment for the program; a later value for a key wins. */
    public Exec env(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return with(s -> s.env.put(key, value));
    }

    /** {@link #env(String, String)} for every entry. */
    public Exec env(Map<String, String> vars) {
        vars.forEach((k, v) -> {
            Objects.requireNonNull(k, "key");
            Objects.requireNonNull(v, "value of " + k);
        });
        return with(s -> s.env.putAll(vars));
    }

    /**
     * The longest one attempt may run before its process tree is stopped.
     *
     * @throws IllegalArgumentException when {@code t} is zero or negative
     */
    public Exec timeout(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + t);
        }
        return with(s -> s.timeout = t);
    }

    /**
     * The exit codes that count as success (default: 0 only).
     *
     * @throws IllegalArgumentException when none is given
     */
    public Exec allowExitCodes(Integer... codes) {
        if (codes.length == 0) {
            throw new IllegalArgumentException("allow at least one exit code");
        }
        Set<Integer> allowed = Set.copyOf(List.of(codes));
        return with(s -> s.exitCodes = allowed);
    }

    /** Captures stderr apart from stdout ({@link Result#stderr()}); by default both are one stream. */
    public Exec separateStderr() {
        return with(s -> s.separateStderr = true);
    }

    /** Retries failed attempts whose output matches one of {@code policy}'s rules (default: no retries). */
    public Exec retry(RetryPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return with(s -> s.retry = policy);
    }

    /** How the runner waits between attempts (default: the current thread sleeps). */
    public Exec sleeper(Sleeper s) {
        Objects.requireNonNull(s, "sleeper");
        return with(x -> x.sleeper = s);
    }

    /**
     * How long a timed-out process tree gets between SIGTERM and SIGKILL (default {@link #DEFAULT_STOP_GRACE}).
     *
     * @throws IllegalArgumentException when {@code grace} is negative
     */
    public Exec stopGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the stop grace cannot be negative, got " + grace);
        }
        return with(s -> s.stopGrace = grace);
    }

    /** What failure messages and logs call this command, e.g. "terraform plan" (default: the program's file name). */
    public Exec named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a command's name cannot be blank");
        }
        return with(s -> s.operation = name);
    }

    /**
     * Runs {@code p} before each attempt. When it throws, the run fails without starting that
     * attempt ({@link ExecFailedException}, exit code -1).
     */
    public Exec beforeEachAttempt(Preparation p) {
        Objects.requireNonNull(p, "preparation");
        return with(s -> s.preparation = p);
    }

    /** The command, program first. */
    public List<String> command() {
        return command;
    }

    public Path directory() {
        return dir;
    }

    /** The variables added to the JVM's environment. */
    public Map<String, String> environment() {
        return env;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The name failure messages use. */
    public String operation() {
        return operation != null ? operation : Path.of(command.get(0)).getFileName().toString();
    }

    /**
     * Runs the command, retrying as the policy says, and returns the attempt that exited with an
     * allowed code.
     *
     * @throws ExecFailedException when the last attempt exited with another code, an attempt timed
     *         out, the program could not start, or the thread was interrupted
     */
    public Result run() {
        return runForAnyExit().orThrow();
    }

    /**
     * Runs the command like {@link #run()}, but returns the last attempt whatever its exit code;
     * {@link Result#allowed()} says whether it succeeded, {@link Result#failure(String)} turns it
     * into the standard failure with the caller's reason.
     *
     * @throws ExecFailedException when an attempt timed out, the program could not start, a
     *         {@link #beforeEachAttempt preparation} failed, or the thread was interrupted
     */
    public Result runForAnyExit() {
        List<String> attempts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            prepare(attempt, attempts);
            Outcome o = once(attempt, attempts);
            if (exitCodes.contains(o.exitCode)) {
                attempts.add(attempt + ". exit " + o.exitCode);
                return o.result(attempts, null);
            }
            Optional<RetryPolicy.Rule> rule = retry.transientError(o.output());
            if (rule.isEmpty()) {
                attempts.add(attempt + ". exit " + o.exitCode + ": not a known transient error, not retried");
                return o.result(attempts, "exit code " + o.exitCode + allowedNote());
            }
            String known = attempt + ". exit " + o.exitCode + ": known transient error /" + rule.get().pattern()
                    + "/ (" + rule.get().explanation() + ")";
            if (attempt >= retry.maxAttempts()) {
                attempts.add(known + "; no attempts left");
                return o.result(attempts, "exit code " + o.exitCode + allowedNote() + ", still a known transient error after "
                        + attempt + " attempt" + (attempt == 1 ? "" : "s"));
            }
            Duration wait = retry.backoffAfter(attempt);
            attempts.add(known + "; retried after " + seconds(wait));
            LOG.warn("{} in {}: attempt {} of {} failed with a known transient error ({}); retrying in {}",
                    operation(), dir, attempt, retry.maxAttempts(), rule.get().explanation(), seconds(wait));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                attempts.add("interrupted while waiting to retry");
                throw failure(o.exitCode, o.output(), attempts, "interrupted between attempts", false, e);
            }
        }
    }

    /**
     * Starts the command without waiting: its output goes to {@code out}, stderr to {@code err}
     * (null: into {@code out}); stdin is closed; the JVM's exit kills it. The one place a
     * {@link ProcessExecutor} is configured.
     */
    StartedProcess start(OutputStream out, OutputStream err) throws IOException {
        ProcessExecutor executor = new ProcessExecutor().command(new ArrayList<>(command)).directory(dir.toFile())
                .environment(env).exitValueAny().redirectOutput(out);
        if (err == null) {
            executor.redirectErrorStream(true);
        } else {
            executor.redirectError(err);
        }
        // no redirectInput: zt-exec then closes the process's stdin at once, so no prompt can wait for input
        StartedProcess started = executor.start();
        Reaper.watch(started.getProcess());
        return started;
    }

    /** The failure of an attempt whose program could not be started (missing, not executable, no such directory). */
    ExecFailedException notStarted(int attempt, List<String> attempts, IOException e) {
        attempts.add(attempt + ". could not start: " + e.getMessage());
        return failure(-1, "", attempts, "could not start " + command.get(0) + ": " + e.getMessage(), false, e);
    }

    private void prepare(int attempt, List<String> attempts) {
        if (preparation == null) {
            return;
        }
        try {
            preparation.prepare(attempt);
        } catch (IOException e) {
            attempts.add(attempt + ". not started: preparing it failed: " + e);
            throw failure(-1, "", attempts, "could not prepare attempt " + attempt + ": " + e, false, e);
        }
    }

    private Outcome once(int attempt, List<String> attempts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = separateStderr ? new ByteArrayOutputStream() : null;
        LOG.debug("running {} in {}", command, dir);
        StartedProcess started;
        try {
            started = start(out, err);
        } catch (IOException e) {
            throw notStarted(attempt, attempts, e);
        }
        try {
            ProcessResult r = started.getFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome(r.getExitValue(), text(out), text(err));
        } catch (TimeoutException e) {
            // zt-exec's own timeout stops the process asynchronously; here the tree is gone before this returns
            ProcessTree.stop(started.getProcess(), stopGrace);
            drain(started);
            attempts.add(attempt + ". did not finish within " + seconds(timeout) + ": killed, not retried (stopped with"
                    + " its whole process tree: SIGTERM, then SIGKILL to what was left after " + seconds(stopGrace) + ")");
            throw failure(-1, Output.combined(text(out), text(err)), attempts, "did not finish within " + seconds(timeout),
                    true, e);
        } catch (InterruptedException e) {
            ProcessTree.kill(started.getProcess()); // before the flag is set again: the kill waits, bounded
            Thread.currentThread().interrupt();
            attempts.add(attempt + ". interrupted: its process tree was killed");
            throw failure(-1, Output.combined(text(out), text(err)), attempts, "interrupted", false, e);
        } catch (ExecutionException e) {
            ProcessTree.kill(started.getProcess());
            attempts.add(attempt + ". its output could not be read: " + e.getCause());
            throw failure(-1, Output.combined(text(out), text(err)), attempts,
                    "its output could not be read: " + e.getCause(), false, e.getCause());
        }
    }

    /** Lets the output pumps reach the end of what the stopped processes wrote; bounded by {@link #DRAIN_WAIT}. */
    private static void drain(StartedProcess started) {
        try {
            started.getFuture().get(DRAIN_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.getFuture().cancel(true);
        } catch (ExecutionException | TimeoutException e) {
            // a process outside the tree still holds the pipe: the output is taken as it is
            started.getFuture().cancel(true);
        }
    }

    private ExecFailedException failure(int exitCode, String output, List<String> attempts, String reason,
            boolean timedOut, Throwable cause) {
        return new ExecFailedException(operation(), command, dir, exitCode, output, attempts, reason, null, timedOut,
                cause);
    }

    private String allowedNote() {
        return exitCodes.equals(Set.of(0)) ? "" : " (allowed: " + exitCodes + ")";
    }

    private static String text(ByteArrayOutputStream s) {
        return s == null ? "" : s.toString(StandardCharsets.UTF_8);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private Exec with(Consumer<Settings> change) {
        Settings s = new Settings(this);
        change.accept(s);
        return new Exec(s);
    }

    @Override
    public String toString() {
        return "Exec[" + String.join(" ", command) + " in " + dir + "]";
    }

    /** One attempt that ran to its exit. */
    private final class Outcome {
        final int exitCode;
        final String stdout;
        final String stderr;

        Outcome(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String output() {
            return Output.combined(stdout, stderr);
        }

        Result result(List<String> attempts, String failureReason) {
            return new Result(operation(), command, dir, exitCode, stdout, stderr, attempts, failureReason);
        }
    }

    /** The mutable copy an {@code Exec} is derived through; never shared. */
    private static final class Settings {
        String operation;
        List<String> command = List.of();
        Path dir = Path.of("").toAbsolutePath();
        final Map<String, String> env = new LinkedHashMap<>();
        Duration timeout = DEFAULT_TIMEOUT;
        Set<Integer> exitCodes = Set.of(0);
        boolean separateStderr;
        RetryPolicy retry = RetryPolicy.noRetries();
        Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        Duration stopGrace = DEFAULT_STOP_GRACE;
        Preparation preparation;

        Settings() {
        }

        Settings(Exec e) {
            operation = e.operation;
            command = e.command;
            dir = e.dir;
            env.putAll(e.env);
            timeout = e.timeout;
            exitCodes = e.exitCodes;
            separateStderr = e.separateStderr;
            retry = e.retry;
            sleeper = e.sleeper;
            stopGrace = e.stopGrace;
            preparation = e.preparation;
        }
    }

    /**
     * An attempt that ran to its exit: what ran, where, the exit code, the output and one line per
     * attempt. With the default capture {@link #stdout()} holds stdout and stderr in the order
     * written and {@link #stderr()} is empty; with {@link Exec#separateStderr()} they are apart.
     */
    public static final class Result {
        private final String operation;
        private final List<String> command;
        private final Path directory;
        private final int exitCode;
        private final String stdout;
        private final String stderr;
        private final List<String> attempts;
        private final String failureReason;

        Result(String operation, List<String> command, Path directory, int exitCode, String stdout, String stderr,
                List<String> attempts, String failureReason) {
            this.operation = operation;
            this.command = List.copyOf(command);
            this.directory = directory;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.attempts = List.copyOf(attempts);
            this.failureReason = failureReason;
        }

        /** The command's name in messages. */
        public String operation() {
            return operation;
        }

        /** The command, program first. */
        public List<String> command() {
            return command;
        }

        public Path directory() {
            return directory;
        }

        public int exitCode() {
            return exitCode;
        }

        public String stdout() {
            return stdout;
        }

        /** Empty unless the command ran with {@link Exec#separateStderr()}. */
        public String stderr() {
            return stderr;
        }

        /** stdout, then stderr: everything the program printed. */
        public String output() {
            return Output.combined(stdout, stderr);
        }

        /** One line per attempt: its exit code and why it was (or was not) retried. */
        public List<String> attempts() {
            return attempts;
        }

        /** True when the exit code is one the command allows. */
        public boolean allowed() {
            return failureReason == null;
        }

        /**
         * This result when its exit code is allowed.
         *
         * @throws ExecFailedException otherwise: {@link #failure()}
         */
        public Result orThrow() {
            if (!allowed()) {
                throw failure();
            }
            return this;
        }

        /** The standard failure for this result: its exit code, and whether it was still a known transient error. */
        public ExecFailedException failure() {
            return failure(failureReason != null ? failureReason : "exit code " + exitCode);
        }

        /** A failure for this result with the caller's reason (the first line of the message after "… failed: "). */
        public ExecFailedException failure(String reason) {
            return failure(reason, null);
        }

        /** {@link #failure(String)} with a cause, e.g. the parse error of output that was not what was expected. */
        public ExecFailedException failure(String reason, Throwable cause) {
            return new ExecFailedException(operation, command, directory, exitCode, output(), attempts, reason, this,
                    false, cause);
        }

        @Override
        public String toString() {
            return "Result[" + operation + ": exit " + exitCode + ", " + attempts.size() + " attempt"
                    + (attempts.size() == 1 ? "" : "s") + "]";
        }
    }
}
