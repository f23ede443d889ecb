package io.stackgate.ansible;

import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.Exec;
import io.stackgate.runtime.ExecFailedException;
import io.stackgate.runtime.MissingBinaryException;
import io.stackgate.runtime.RetryPolicy;
import io.stackgate.runtime.TreeWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One ansible-playbook invocation, configured once and run as {@link #syntaxCheck()},
 * {@link #check()} (check mode with {@code --diff}) or {@link #run()}. Immutable: build it with
 * {@link #builder()}, derive variants with {@link #toBuilder()}; safe to share between threads
 * (every operation uses its own scratch directory).
 *
 * <p>Every operation comes as a pair, as in Terratest: {@code tryRun()} returns the
 * {@link PlaybookResult} or throws the checked {@link AnsibleException}; {@code run()} throws
 * {@link AnsibleFailure}, an {@link AssertionError}, so that a test fails with the full report.
 * A failure's message starts with each failed task, its host and its message, then the command,
 * the directory, the exit code, the attempts and the head and tail of the output.
 *
 * <p>How it runs:
 * <ul>
 *   <li>{@code ANSIBLE_CONFIG} is the tree's {@code ansible.cfg} (so {@code roles_path} and the
 *       other settings apply wherever the playbook is), colours are off, retry files are off.</li>
 *   <li>The stdout callback is {@code stackgate_json}, shipped in this jar: ansible-core has no
 *       JSON callback of its own ({@code ansible.posix.json} is a collection's). It prints one line
 *       per event and writes the run as JSON, which becomes the {@link PlaybookResult}.</li>
 *   <li>Extra variables go into a JSON file (mode 0600) passed as {@code -e @file}, never on the
 *       command line, so they show in neither {@code ps} nor failure reports.</li>
 *   <li>The one runner ({@link Exec}) with a {@link RetryPolicy} runs every command: known transient errors (the
 *       dpkg lock, SSH refused while an instance boots, AWS throttling) are retried, anything else
 *       fails at once; a timeout stops the whole process tree.</li>
 * </ul>
 *
 * <pre>{@code
 * AnsiblePlaybook converge = AnsiblePlaybook.builder()
 *         .venv(Path.of(".tools/venv-ansible"))
 *         .tree(AnsibleTree.extract(dir))
 *         .inventory(dir.resolve("inventory/local.yml"))
 *         .playbook("converge.yml")
 *         .extraVarsFile(groupVarsAll)
 *         .extraVar("stackgate_prefix", scratch.toString())
 *         .build();
 * assertThat(converge.run().failedTasks()).isEmpty();
 * assertThat(converge.run().host("localhost").changed()).isZero();   // idempotent
 * }</pre>
 *
 * <p>Why one file over 300 lines: the driver's public API — immutable options with their builder,
 * and syntax-check, check and run over one invocation with the JSON callback's results.
 */
public final class AnsiblePlaybook {
    /** Known transient errors of ansible-playbook runs on fresh instances: regex searched in the output → why it is transient. */
    public static final List<RetryPolicy.Rule> TRANSIENT_ERRORS = List.of(
            RetryPolicy.rule("Could not get lock /var/lib/dpkg/lock|Could not get lock /var/lib/apt/lists/lock"
                    + "|dpkg frontend lock", "another apt or dpkg process (unattended-upgrades, cloud-init at first"
                    + " boot) held the package lock"),
            RetryPolicy.rule("Failed to connect to the host via ssh: .*(Connection refused|Connection timed out"
                    + "|Connection reset by peer|Operation timed out|Connection closed by remote host)",
                    "the instance did not accept SSH yet (still booting) or the connection dropped"),
            RetryPolicy.rule("Temporary failure resolving|Temporary failure in name resolution",
                    "a DNS lookup failed for a moment (apt mirror, AWS endpoint)"),
            RetryPolicy.rule("RequestLimitExceeded|ThrottlingException|Throttling: Rate exceeded",
                    "the AWS API throttled a call (peer discovery, SSM, S3 sync)"),
            RetryPolicy.rule("Could not connect to the endpoint URL|Connection was closed before we received a valid response",
                    "the AWS CLI could not reach an AWS endpoint for a moment"));

    /** Retries on {@link #TRANSIENT_ERRORS}: 3 attempts, waits of 5 s, 10 s, … up to 60 s. */
    public static RetryPolicy defaultRetry() {
        return RetryPolicy.of(TRANSIENT_ERRORS);
    }

    /** The bundled stdout callback's name ({@code ANSIBLE_STDOUT_CALLBACK}). */
    public static final String CALLBACK = "stackgate_json";
    static final String CALLBACK_RESOURCE = "io/stackgate/ansible/callback/" + CALLBACK + ".py";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_NAME = "ansible-playbook";
    static final String HOW_TO_INSTALL = "install ansible-core (2.14 or later): `pip install ansible-core` in a venv,"
            + " or `apt-get install ansible-core` on Debian/Ubuntu; or give its location with"
            + " AnsiblePlaybook.builder().binary(\"/path/to/ansible-playbook\") or .venv(venvDir)";

    private final String requestedBinary;
    private final Path venv;
    private final Path binary;
    private final Path tree;
    private final Path requestedWorkingDir;
    private final Path workingDir;
    private final List<String> inventories;
    private final Path playbook;
    private final Map<String, Object> extraVars;
    private final List<Path> extraVarsFiles;
    private final Map<String, String> env;
    private final Duration timeout;
    private final List<String> tags;
    private final List<String> skipTags;
    private final String limit;
    private final RetryPolicy retry;

    private AnsiblePlaybook(Builder b, Path binary) {
        this.requestedBinary = b.binary;
        this.venv = b.venv;
        this.binary = binary;
        this.tree = b.tree;
        this.requestedWorkingDir = b.workingDir;
        this.workingDir = b.workingDir != null ? b.workingDir : b.tree != null ? b.tree : b.playbook.getParent();
        this.inventories = List.copyOf(b.inventories);
        this.playbook = b.playbook;
        this.extraVars = copyOf(b.extraVars);
        this.extraVarsFiles = List.copyOf(b.extraVarsFiles);
        this.env = Map.copyOf(b.env);
        this.timeout = b.timeout;
        this.tags = List.copyOf(b.tags);
        this.skipTags = List.copyOf(b.skipTags);
        this.limit = b.limit;
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

    public Path playbook() {
        return playbook;
    }

    /** The directory commands run in: the one given, else the tree, else the playbook's. */
    public Path workingDir() {
        return workingDir;
    }

    public List<String> inventories() {
        return inventories;
    }

    public Map<String, Object> extraVars() {
        return extraVars;
    }

    public Duration timeout() {
        return timeout;
    }

    public RetryPolicy retry() {
        return retry;
    }

    // ---- operations -------------------------------------------------------------------------

    /** {@code --syntax-check}: passes when the playbook, its roles and their tasks parse. Runs no play. */
    public PlaybookResult trySyntaxCheck() throws AnsibleException {
        return execute("syntax-check", List.of("--syntax-check"));
    }

    /** {@link #trySyntaxCheck()}, failing the test with {@link AnsibleFailure}. */
    public PlaybookResult syntaxCheck() {
        return unchecked(this::trySyntaxCheck);
    }

    /**
     * {@code --check --diff}: what a run would change, changing nothing. Tasks whose modules do not
     * support check mode are skipped by Ansible; {@code changed} means "would change".
     */
    public PlaybookResult tryCheck() throws AnsibleException {
        return execute("check", List.of("--check", "--diff"));
    }

    public PlaybookResult check() {
        return unchecked(this::tryCheck);
    }

    /** The run: passes when ansible-playbook exits 0 (no failed or unreachable host). */
    public PlaybookResult tryRun() throws AnsibleException {
        return execute("run", List.of());
    }

    public PlaybookResult run() {
        return unchecked(this::tryRun);
    }

    // ---- internals --------------------------------------------------------------------------

    private PlaybookResult execute(String operation, List<String> modeArgs) throws AnsibleException {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("stackgate-ansible-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path callbacks = Files.createDirectory(scratch.resolve("callback"));
            try (InputStream in = AnsiblePlaybook.class.getClassLoader().getResourceAsStream(CALLBACK_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(CALLBACK_RESOURCE + " is not on the classpath: the stack-ansible"
                            + " jar is broken");
                }
                Files.write(callbacks.resolve(CALLBACK + ".py"), in.readAllBytes());
            }
            Path localTemp = Files.createDirectory(scratch.resolve("tmp"));
            Path resultFile = scratch.resolve("result.json");
            List<String> command = command(modeArgs, scratch);
            Map<String, String> e = new LinkedHashMap<>();
            if (tree != null && Files.isRegularFile(tree.resolve("ansible.cfg"))) {
                e.put("ANSIBLE_CONFIG", tree.resolve("ansible.cfg").toString());
            }
            e.put("ANSIBLE_NOCOLOR", "1");
            e.put("ANSIBLE_FORCE_COLOR", "0");
            e.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
            e.put("ANSIBLE_LOCAL_TEMP", localTemp.toString());
            e.putAll(env);
            // The result depends on these: not overridable.
            e.put("ANSIBLE_STDOUT_CALLBACK", CALLBACK);
            e.put("ANSIBLE_CALLBACK_PLUGINS", callbacks.toString());
            e.put("STACKGATE_ANSIBLE_RESULT", resultFile.toString());
            Exec exec = Exec.of(command).named("ansible-playbook " + operation + " of " + playbook.getFileName())
                    .in(workingDir).env(e).timeout(timeout).separateStderr().retry(retry)
                    // an attempt that writes no result must not be read with the previous attempt's
                    .beforeEachAttempt(attempt -> Files.deleteIfExists(resultFile));
            Exec.Result x;
            try {
                x = exec.runForAnyExit(); // a failed run still has per-task results to report
            } catch (ExecFailedException ex) {
                throw new AnsibleException(ex, null);
            }
            PlaybookResult result;
            try {
                String json = Files.isRegularFile(resultFile) ? Files.readString(resultFile, StandardCharsets.UTF_8) : null;
                result = PlaybookResult.parse(json, x);
            } catch (IllegalArgumentException | IOException ex) {
                throw new AnsibleException(x.failure(ex.getMessage(), ex), null);
            }
            if (!x.allowed()) {
                throw new AnsibleException(x.failure(whatFailed(result, x)), result);
            }
            return result;
        } catch (IOException ex) {
            throw new UncheckedIOException("could not prepare the scratch directory of an ansible-playbook run", ex);
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private List<String> command(List<String> modeArgs, Path scratch) throws IOException {
        List<String> c = new ArrayList<>();
        c.add(binary.toString());
        for (String inventory : inventories) {
            c.add("-i");
            c.add(inventory);
        }
        c.add(playbook.toString());
        for (Path file : extraVarsFiles) {
            c.add("-e");
            c.add("@" + file);
        }
        if (!extraVars.isEmpty()) {
            Path file = scratch.resolve("extra-vars.json");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(file, JSON.writeValueAsString(extraVars));
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("extra variables that are not JSON values: " + ex.getMessage(), ex);
            }
            c.add("-e");
            c.add("@" + file);
        }
        if (!tags.isEmpty()) {
            c.add("--tags");
            c.add(String.join(",", tags));
        }
        if (!skipTags.isEmpty()) {
            c.add("--skip-tags");
            c.add(String.join(",", skipTags));
        }
        if (limit != null) {
            c.add("--limit");
            c.add(limit);
        }
        c.addAll(modeArgs);
        return c;
    }

    /** The headline of a failure: the failed tasks when plays ran, else ansible's own error line. */
    private static String whatFailed(PlaybookResult result, Exec.Result x) {
        List<TaskOutcome> failed = result.failedTasks();
        if (!failed.isEmpty()) {
            String head = failed.size() == 1 ? "1 task failed" : failed.size() + " tasks failed";
            return head + " (exit code " + x.exitCode() + ")\n" + failed.stream()
                    .map(t -> "  " + t.describe()).collect(Collectors.joining("\n"));
        }
        return "exit code " + x.exitCode() + errorLine(x.stderr()).map(l -> ": " + l).orElse("");
    }

    /** Ansible's error line ("ERROR! …" up to 2.18, "[ERROR]: …" from 2.19). */
    static Optional<String> errorLine(String stderr) {
        return stderr.lines().map(String::strip)
                .filter(l -> l.startsWith("ERROR!") || l.startsWith("[ERROR]"))
                .findFirst();
    }

    private interface Operation<T> {
        T call() throws AnsibleException;
    }

    private static <T> T unchecked(Operation<T> op) {
        try {
            return op.call();
        } catch (AnsibleException e) {
            throw new AnsibleFailure(e);
        }
    }

    static void deleteTree(Path root) {
        try {
            TreeWriter.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }

    private static Map<String, Object> copyOf(Map<String, Object> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    @Override
    public String toString() {
        return "AnsiblePlaybook[" + binary + " " + playbook + " in " + workingDir + "]";
    }

    /**
     * The {@code ansible-playbook} a default {@link Builder} would use — the one on this process's
     * PATH — or empty; for tests that skip without one.
     */
    public static Optional<Path> findBinary() {
        return new Binaries().find(DEFAULT_NAME);
    }

    /** Options for an {@link AnsiblePlaybook}; {@link #playbook(Path)} is required. */
    public static final class Builder {
        private String binary;
        private Path venv;
        private Path tree;
        private Path workingDir;
        private final List<String> inventories = new ArrayList<>();
        private Path playbook;
        private final Map<String, Object> extraVars = new LinkedHashMap<>();
        private final List<Path> extraVarsFiles = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(30);
        private final List<String> tags = new ArrayList<>();
        private final List<String> skipTags = new ArrayList<>();
        private String limit;
        private RetryPolicy retry = defaultRetry();
        private String playbookName;

        private Builder() {
        }

        private Builder(AnsiblePlaybook p) {
            binary = p.requestedBinary;
            venv = p.venv;
            tree = p.tree;
            workingDir = p.requestedWorkingDir;
            inventories.addAll(p.inventories);
            playbook = p.playbook;
            extraVars.putAll(p.extraVars);
            extraVarsFiles.addAll(p.extraVarsFiles);
            env.putAll(p.env);
            timeout = p.timeout;
            tags.addAll(p.tags);
            skipTags.addAll(p.skipTags);
            limit = p.limit;
            retry = p.retry;
        }

        /**
         * The binary: a path ({@code /usr/bin/ansible-playbook}) or a name looked up on the PATH.
         * Default: {@code ansible-playbook} on the PATH. Replaces a {@link #venv(Path)} given before.
         */
        public Builder binary(String nameOrPath) {
            binary = nameOrPath;
            venv = null;
            return this;
        }

        public Builder binary(Path path) {
            return binary(path.toAbsolutePath().toString());
        }

        /** A Python venv with ansible-core: its {@code bin/ansible-playbook}. Replaces a {@link #binary} given before. */
        public Builder venv(Path dir) {
            venv = dir.toAbsolutePath().normalize();
            binary = null;
            return this;
        }

        /**
         * The Ansible tree (the repository's {@code ansible/} or {@link AnsibleTree#extract}'s copy):
         * its {@code ansible.cfg} becomes {@code ANSIBLE_CONFIG}, relative playbook paths are
         * resolved against it, and commands run in it unless {@link #workingDir(Path)} says otherwise.
         */
        public Builder tree(Path dir) {
            tree = dir.toAbsolutePath().normalize();
            return this;
        }

        public Builder workingDir(Path dir) {
            workingDir = dir.toAbsolutePath().normalize();
            return this;
        }

        /** Adds {@code -i FILE} (a static inventory or an inventory plugin's config). */
        public Builder inventory(Path file) {
            inventories.add(file.toAbsolutePath().normalize().toString());
            return this;
        }

        /** Adds {@code -i host1,host2,}: an inventory of just these hosts. */
        public Builder inventoryHosts(String... hosts) {
            if (hosts.length == 0) {
                throw new IllegalArgumentException("give at least one host, e.g. inventoryHosts(\"localhost\")");
            }
            inventories.add(String.join(",", hosts) + ",");
            return this;
        }

        /** The playbook; a relative path is resolved against the {@link #tree(Path)} when there is one. */
        public Builder playbook(Path file) {
            playbook = file;
            playbookName = null;
            return this;
        }

        /** {@link #playbook(Path)} by name, relative to the tree: {@code playbook("bootstrap.yml")}. */
        public Builder playbook(String relativeToTree) {
            playbook = null;
            playbookName = relativeToTree;
            return this;
        }

        /**
         * One extra variable (any JSON value: String, Number, Boolean, List, Map, null). Later calls
         * win. Ansible templates extra variables like any other: a literal <code>{{</code> must be
         * escaped as for a variable in a playbook.
         */
        public Builder extraVar(String name, Object value) {
            extraVars.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder extraVars(Map<String, ?> vars) {
            vars.forEach(this::extraVar);
            return this;
        }

        /**
         * Adds {@code -e @FILE} (YAML or JSON), e.g. a generated {@code group_vars/all.yml}. Files
         * come first on the command line, in the order given, then the {@link #extraVar} values,
         * which therefore win.
         */
        public Builder extraVarsFile(Path file) {
            extraVarsFiles.add(file.toAbsolutePath().normalize());
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

        /** Longest one attempt of one command may run before its process tree is stopped (default 30 minutes). */
        public Builder timeout(Duration t) {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + t);
            }
            timeout = t;
            return this;
        }

        /** {@code --tags}: only tasks with one of these tags (and {@code always}). */
        public Builder tags(String... t) {
            tags.addAll(List.of(t));
            return this;
        }

        /** {@code --skip-tags}. */
        public Builder skipTags(String... t) {
            skipTags.addAll(List.of(t));
            return this;
        }

        /** {@code --limit}: a host pattern. */
        public Builder limit(String pattern) {
            limit = pattern;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            retry = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Resolves the binary and builds.
         *
         * @throws AnsibleNotFoundException when no ansible-playbook is found (the message names the
         *         binary, the PATH searched or the venv, and how to install ansible-core)
         * @throws IllegalArgumentException when the playbook, an inventory or extra-vars file, the
         *         tree or the working directory does not exist
         */
        public AnsiblePlaybook build() {
            if (playbookName != null) {
                playbook = Path.of(playbookName);
            }
            if (playbook == null) {
                throw new IllegalArgumentException("a playbook is required: playbook(path)");
            }
            if (!playbook.isAbsolute()) {
                playbook = (tree != null ? tree.resolve(playbook) : playbook.toAbsolutePath()).normalize();
            }
            if (tree != null && !Files.isDirectory(tree)) {
                throw new IllegalArgumentException("Ansible tree " + tree + " does not exist");
            }
            if (!Files.isRegularFile(playbook)) {
                throw new IllegalArgumentException("playbook " + playbook + " does not exist");
            }
            if (workingDir != null && !Files.isDirectory(workingDir)) {
                throw new IllegalArgumentException("working directory " + workingDir + " does not exist");
            }
            for (String inventory : inventories) {
                if (!inventory.endsWith(",") && !Files.exists(Path.of(inventory))) {
                    throw new IllegalArgumentException("inventory " + inventory + " does not exist");
                }
            }
            for (Path file : extraVarsFiles) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("extra-vars file " + file + " does not exist");
                }
            }
            return new AnsiblePlaybook(this, resolveBinary());
        }

        /** The venv's ansible-playbook, else the binary given (a path, or a name on the PATH), else the one lookup's. */
        private Path resolveBinary() {
            Map<String, String> lookupEnv = new HashMap<>(System.getenv());
            lookupEnv.putAll(env); // a PATH given here is where the binary is looked up
            String name = binary == null || binary.contains(File.separator) ? DEFAULT_NAME : binary;
            Binaries binaries = new Binaries(lookupEnv).withHint(name, HOW_TO_INSTALL);
            try {
                if (venv != null) {
                    return binaries.withHint(name, "the venv " + venv + " has no ansible-core. Create it with"
                            + " `python3 -m venv " + venv + " && " + venv.resolve("bin/pip") + " install ansible-core`"
                            + " (in the stackgate repository, ansible/tests/run-gates.sh builds .tools/venv-ansible), or "
                            + HOW_TO_INSTALL).requireFile(name, venv.resolve("bin").resolve(DEFAULT_NAME));
                }
                if (binary != null && binary.contains(File.separator)) {
                    return binaries.requireFile(name, Path.of(binary));
                }
                return binaries.require(name);
            } catch (MissingBinaryException e) {
                throw new AnsibleNotFoundException(e);
            }
        }
    }
}
