package io.stackgate.terraform;

import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.Exec;
import io.stackgate.runtime.ExecFailedException;
import io.stackgate.runtime.MissingBinaryException;
import io.stackgate.runtime.Output;
import io.stackgate.runtime.RetryPolicy;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terraform (or OpenTofu) CLI bound to one working directory: immutable options (binary, working
 * directory, environment, var files, timeout, retry policy), and the operations {@code init},
 * {@code validate}, {@code plan}, {@code apply}, {@code output} and {@code destroy}.
 *
 * <p>Every operation comes as a pair, as in Terratest:
 * <ul>
 *   <li>{@code tryPlan()} returns the result or throws the checked {@link TerraformException};</li>
 *   <li>{@code plan()} returns the result or throws {@link TerraformFailure}, an
 *       {@link AssertionError}, so that a test fails with the full report.</li>
 * </ul>
 * All of them run through the one runner ({@link Exec}) with the {@link RetryPolicy}: a known transient error is
 * retried with backoff, anything else fails at once, and the failure carries the command, the
 * directory, the exit code, every attempt's explanation and the head and tail of the last output.
 *
 * <p>Every command runs with {@code TF_IN_AUTOMATION=1}, {@code TF_INPUT=0} and
 * {@code CHECKPOINT_DISABLE=1} (no version check call-out), {@code -no-color}, and never waits for
 * input. For runs in parallel give each its own {@link Workspace}: its own copy of the modules,
 * {@code TF_DATA_DIR} and plugin cache.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.ofBundledModules()) {
 *     Terraform tf = ws.terraform().varFile(tfvars).build();
 *     tf.init();
 *     tf.plan().resourceCountIs("aws_lb", 2);
 * }
 * }</pre>
 *
 * <p>Why one file over 300 lines: the driver's public API — immutable options with their builder
 * and every operation as a pair (one that throws, one that returns the result), all through the one
 * runner.
 */
public final class Terraform {
    /** Known transient errors of terraform and the AWS provider: regex searched in the output → why it is transient. */
    public static final List<RetryPolicy.Rule> TRANSIENT_ERRORS = List.of(
            RetryPolicy.rule("RequestError: send request failed",
                    "the AWS SDK could not send a request (a network blip between terraform and the AWS API)"),
            RetryPolicy.rule("connection reset by peer", "the remote end reset the TCP connection mid-request"),
            RetryPolicy.rule("TLS handshake timeout",
                    "a TLS handshake with the registry, a provider mirror or an AWS endpoint did not finish in time"),
            RetryPolicy.rule("(?s)(?:Error (?:while )?installing provider|Failed to install provider).*?(?:timeout|timed out)",
                    "downloading a provider timed out (registry or mirror slow to answer)"),
            RetryPolicy.rule("429 Too Many Requests", "rate-limited by the provider registry or an API (HTTP 429)"),
            RetryPolicy.rule("ThrottlingException|Throttling: Rate exceeded", "the AWS API throttled the request"),
            RetryPolicy.rule("unexpected EOF", "a connection was closed before the response was complete"),
            RetryPolicy.rule("text file busy",
                    "a provider binary was still being written (plugin cache shared by a concurrent init)"));

    /** Retries on {@link #TRANSIENT_ERRORS}: 3 attempts, waits of 5 s, 10 s, … up to 60 s. */
    public static RetryPolicy defaultRetry() {
        return RetryPolicy.of(TRANSIENT_ERRORS);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Terraform.class);
    /** Looked for in this order when no binary is given. */
    static final List<String> DEFAULT_NAMES = List.of("terraform", "tofu");
    static final String HOW_TO_INSTALL = "install Terraform >= 1.9 (https://developer.hashicorp.com/terraform/install)"
            + " or OpenTofu (https://opentofu.org/docs/intro/install/) so that it is on the PATH,"
            + " or give its location with Terraform.builder().binary(\"/path/to/terraform\")";
    /** Written into the working directory by {@link #plan()}, then read back with {@code show -json}. */
    public static final String PLAN_FILE = "stackgate.tfplan";

    private final Path binary;
    private final Path workingDir;
    private final Map<String, String> env;
    private final List<Path> varFiles;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final String requestedBinary;

    private Terraform(Builder b, Path binary) {
        this.requestedBinary = b.binary;
        this.binary = binary;
        this.workingDir = b.workingDir;
        this.env = Map.copyOf(b.env);
        this.varFiles = List.copyOf(b.varFiles);
        this.timeout = b.timeout;
        this.retry = b.retry;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The binary the commands run, as resolved when this driver was built. */
    public Path binary() {
        return binary;
    }

    public Path workingDir() {
        return workingDir;
    }

    /** The variables added to the JVM's environment for every command (not including the fixed TF_ ones). */
    public Map<String, String> env() {
        return env;
    }

    public List<Path> varFiles() {
        return varFiles;
    }

    public Duration timeout() {
        return timeout;
    }

    public RetryPolicy retry() {
        return retry;
    }

    // ---- init -------------------------------------------------------------------------------

    /** {@code terraform init -input=false -no-color}; passes when it exits 0. */
    public Result tryInit() throws TerraformException {
        return execute("init", List.of("init", "-input=false", "-no-color"));
    }

    /** {@link #tryInit()}, failing the test with {@link TerraformFailure}. */
    public Result init() {
        return unchecked(this::tryInit);
    }

    // ---- validate ---------------------------------------------------------------------------

    /** {@code terraform validate -no-color} (needs {@code init} first); passes when it exits 0. */
    public Result tryValidate() throws TerraformException {
        return execute("validate", List.of("validate", "-no-color"));
    }

    public Result validate() {
        return unchecked(this::tryValidate);
    }

    // ---- plan -------------------------------------------------------------------------------

    /**
     * {@code terraform plan -out=stackgate.tfplan} with the var files, then {@code show -json} of
     * that plan, parsed. Fails when either command fails or the JSON is not a plan.
     */
    public Plan tryPlan() throws TerraformException {
        Path planFile = workingDir.resolve(PLAN_FILE);
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-out=" + planFile));
        args.addAll(varFileArgs());
        execute("plan", args);
        Exec.Result shown = runExec("show", List.of("show", "-json", "-no-color", planFile.toString()));
        try {
            return Plan.parse(shown.stdout());
        } catch (IllegalArgumentException e) {
            throw new TerraformException(shown.failure("its output is not a plan: " + e.getMessage(), e));
        }
    }

    public Plan plan() {
        return unchecked(this::tryPlan);
    }

    // ---- apply ------------------------------------------------------------------------------

    /** {@code terraform apply -auto-approve} with the var files; passes when it exits 0. */
    public Result tryApply() throws TerraformException {
        List<String> args = new ArrayList<>(List.of("apply", "-input=false", "-no-color", "-auto-approve"));
        args.addAll(varFileArgs());
        return execute("apply", args);
    }

    public Result apply() {
        return unchecked(this::tryApply);
    }

    // ---- output -----------------------------------------------------------------------------

    /**
     * {@code terraform output -json}: output name → value (String, Number, Boolean, List, Map or
     * null). Sensitive outputs are included, as terraform prints them. Fails when the command
     * fails or prints something that is not a JSON object.
     */
    public Map<String, Object> tryOutput() throws TerraformException {
        Exec.Result r = runExec("output", List.of("output", "-json", "-no-color"));
        try {
            return PlanJson.outputs(r.stdout());
        } catch (IllegalArgumentException e) {
            throw new TerraformException(r.failure("its output is not JSON: " + e.getMessage(), e));
        }
    }

    public Map<String, Object> output() {
        return unchecked(this::tryOutput);
    }

    // ---- destroy ----------------------------------------------------------------------------

    /** {@code terraform destroy -auto-approve} with the var files; passes when it exits 0. */
    public Result tryDestroy() throws TerraformException {
        List<String> args = new ArrayList<>(List.of("destroy", "-input=false", "-no-color", "-auto-approve"));
        args.addAll(varFileArgs());
        return execute("destroy", args);
    }

    public Result destroy() {
        return unchecked(this::tryDestroy);
    }

    // ---- anything else ----------------------------------------------------------------------

    /** Any other subcommand ({@code fmt -check}, {@code version -json}, …), through the same runner. */
    public Result tryRun(String... args) throws TerraformException {
        if (args.length == 0) {
            throw new IllegalArgumentException("give a terraform subcommand, e.g. tryRun(\"version\")");
        }
        return execute(args[0], List.of(args));
    }

    public Result run(String... args) {
        return unchecked(() -> tryRun(args));
    }

    // ---- apply, use, destroy ----------------------------------------------------------------

    /** Code run against an applied stack, e.g. assertions on {@link Terraform#output()}. */
    @FunctionalInterface
    public interface StackBody {
        void run(Terraform terraform) throws Exception;
    }

    /**
     * Applies, runs {@code body}, and destroys in a {@code finally}: destroy runs even when apply
     * fails (it may have created part of the stack) or the body throws.
     *
     * <p>Passes when all three pass. Otherwise throws the first failure — apply's
     * {@link TerraformFailure}, the body's exception (a checked one wrapped in an
     * {@link AssertionError}), or destroy's {@link TerraformFailure} — with a later destroy failure
     * attached as suppressed, so that nothing left behind goes unreported.
     */
    public void withStack(StackBody body) {
        Throwable failure = null;
        try {
            apply();
            body.run(this);
        } catch (RuntimeException | Error e) {
            failure = e;
        } catch (Exception e) {
            failure = new AssertionError("the code run against the applied stack failed: " + e, e);
        }
        if (failure != null) {
            LOG.warn("terraform in {}: destroying after a failure: {}", workingDir, firstLine(failure));
        }
        try {
            destroy();
        } catch (TerraformFailure destroyFailure) {
            if (failure == null) {
                throw destroyFailure;
            }
            failure.addSuppressed(destroyFailure);
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    // ---- internals --------------------------------------------------------------------------

    private Result execute(String operation, List<String> args) throws TerraformException {
        return Result.of(runExec(operation, args));
    }

    private Exec.Result runExec(String operation, List<String> args) throws TerraformException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Exec exec = Exec.of(command).named("terraform " + operation).in(workingDir)
                .env("TF_IN_AUTOMATION", "1").env("TF_INPUT", "0").env("CHECKPOINT_DISABLE", "1").env(env)
                .timeout(timeout).separateStderr().retry(retry);
        try {
            return exec.run();
        } catch (ExecFailedException e) {
            throw new TerraformException(e);
        }
    }

    private List<String> varFileArgs() {
        return varFiles.stream().map(f -> "-var-file=" + f).toList();
    }

    private interface Operation<T> {
        T call() throws TerraformException;
    }

    private static <T> T unchecked(Operation<T> op) {
        try {
            return op.call();
        } catch (TerraformException e) {
            throw new TerraformFailure(e);
        }
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public String toString() {
        return "Terraform[" + binary + " in " + workingDir + "]";
    }

    /**
     * A finished command: what ran, where, its exit code, stdout and stderr separately, and one line
     * per attempt.
     */
    public record Result(List<String> command, Path directory, int exitCode, String stdout, String stderr,
            List<String> attempts) {
        public Result {
            command = List.copyOf(command);
            attempts = List.copyOf(attempts);
        }

        /** stdout, then stderr. */
        public String output() {
            return Output.combined(stdout, stderr);
        }

        static Result of(Exec.Result r) {
            return new Result(r.command(), r.directory(), r.exitCode(), r.stdout(), r.stderr(), r.attempts());
        }
    }

    /** Options for a {@link Terraform}; {@link #workingDir(Path)} is required. */
    public static final class Builder {
        private String binary;
        private Path workingDir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<Path> varFiles = new ArrayList<>();
        private Duration timeout = Duration.ofMinutes(30);
        private RetryPolicy retry = defaultRetry();

        private Builder() {
        }

        private Builder(Terraform t) {
            binary = t.requestedBinary;
            workingDir = t.workingDir;
            env.putAll(t.env);
            varFiles.addAll(t.varFiles);
            timeout = t.timeout;
            retry = t.retry;
        }

        /**
         * The binary: a path ({@code /opt/bin/tofu}), or a name looked up on the PATH
         * ({@code "tofu"}). Default: {@code terraform}, then {@code tofu}, on the PATH.
         */
        public Builder binary(String nameOrPath) {
            binary = nameOrPath;
            return this;
        }

        public Builder binary(Path path) {
            binary = path.toAbsolutePath().toString();
            return this;
        }

        /** The root module to run in (terraform's working directory). */
        public Builder workingDir(Path dir) {
            workingDir = dir.toAbsolutePath().normalize();
            return this;
        }

        /** Adds an environment variable; a {@code PATH} given here is also where the binary is looked up. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder env(Map<String, String> vars) {
            vars.forEach(this::env);
            return this;
        }

        /** Adds {@code -var-file=FILE} to plan, apply and destroy. */
        public Builder varFile(Path file) {
            varFiles.add(file.toAbsolutePath().normalize());
            return this;
        }

        /** Longest one attempt of one command may run before it is killed (default 30 minutes). */
        public Builder timeout(Duration t) {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + t);
            }
            timeout = t;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            retry = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Resolves the binary and builds.
         *
         * @throws TerraformNotFoundException when no binary is found (the message names the binaries,
         *         the PATH searched and how to install one)
         * @throws IllegalArgumentException when the working directory is missing or not a directory
         */
        public Terraform build() {
            if (workingDir == null) {
                throw new IllegalArgumentException("a working directory (the root module) is required: workingDir(path)");
            }
            if (!Files.isDirectory(workingDir)) {
                throw new IllegalArgumentException("working directory " + workingDir + " does not exist");
            }
            return new Terraform(this, resolveBinary());
        }

        /** The binary given (a path, or a name on the PATH), else terraform, then tofu, by the one lookup. */
        private Path resolveBinary() {
            Map<String, String> lookupEnv = new HashMap<>(System.getenv());
            lookupEnv.putAll(env); // a PATH given here is where the binary is looked up
            List<String> names = binary == null ? DEFAULT_NAMES : List.of(binary);
            Binaries binaries = binaries(lookupEnv, names);
            try {
                if (binary != null && binary.contains(File.separator)) {
                    return binaries.requireFile("terraform", Path.of(binary));
                }
                return binaries.requireFirst(names);
            } catch (MissingBinaryException e) {
                throw new TerraformNotFoundException(e);
            }
        }
    }

    /**
     * The binary a default {@link Builder} would use — terraform, then tofu, on this process's
     * PATH — or empty; for tests that skip without one.
     */
    public static Optional<Path> findBinary() {
        return new Binaries().findFirst(DEFAULT_NAMES);
    }

    /** The lookup in {@code env}, with how to install terraform as the hint for each name looked for. */
    private static Binaries binaries(Map<String, String> env, List<String> names) {
        Binaries b = new Binaries(env).withHint("terraform", HOW_TO_INSTALL);
        for (String name : names) {
            b = b.withHint(name, HOW_TO_INSTALL);
        }
        return b;
    }
}
