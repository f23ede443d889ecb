package io.stackgate.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one lookup of the programs stackgate runs. For a program {@code name}: the variable
 * {@code STACKGATE_<NAME>_BIN} wins when set (its file must be executable — it is not second-guessed
 * with the PATH), else the first executable file {@code name} in a directory of the PATH. A
 * program that is not found is reported with its name, what was searched and how to install it
 * ({@link MissingBinaryException}). Immutable; {@link #withHint} returns a new lookup.
 *
 * <p>Install hints: the programs of the local replica have theirs built in (the Debian package,
 * or {@code ./scripts/install-tools}); callers add their own for other programs with
 * {@link #withHint}.
 */
public final class Binaries {
    /** Program → how to install it, for the programs the local replica runs. */
    private static final Map<String, String> STACKGATE_HINTS = Map.ofEntries(
            Map.entry("prometheus", apt("prometheus")),
            Map.entry("promtool", apt("prometheus")),
            Map.entry("prometheus-alertmanager", apt("prometheus-alertmanager")),
            Map.entry("amtool", apt("prometheus-alertmanager")),
            Map.entry("prometheus-node-exporter", apt("prometheus-node-exporter")),
            Map.entry("haproxy", apt("haproxy")),
            Map.entry("grafana-server", "install it with: grafana (from Grafana's apt repository)"),
            Map.entry("thanos", "install it with: ./scripts/install-tools (builds Thanos v0.42.5 into .tools/bin; needs Go)"),
            Map.entry("toxiproxy-server", "install it with: ./scripts/install-tools (builds Toxiproxy v2.5.0 into .tools/bin; needs Go)"),
            Map.entry("nft", apt("nftables")),
            Map.entry("ip", apt("iproute2")));

    private final Map<String, String> env;
    private final Map<String, String> hints;

    /** Searches this process's environment. */
    public Binaries() {
        this(System.getenv());
    }

    /** Searches {@code env}: its {@code PATH} and {@code STACKGATE_<NAME>_BIN} variables. */
    public Binaries(Map<String, String> env) {
        this(env, STACKGATE_HINTS);
    }

    private Binaries(Map<String, String> env, Map<String, String> hints) {
        this.env = Map.copyOf(env);
        this.hints = Map.copyOf(hints);
    }

    /** This lookup, with {@code hint} as how to install {@code name} (a sentence, e.g. "install it with: …"). */
    public Binaries withHint(String name, String hint) {
        Map<String, String> h = new LinkedHashMap<>(hints);
        h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(hint, "hint"));
        return new Binaries(env, h);
    }

    /** The program's absolute path: the override variable's file when set, else the first on the PATH. */
    public Optional<Path> find(String name) {
        String override = env.get(variable(name));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath();
            return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : searchPath().split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name).toAbsolutePath();
            if (isExecutableFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that {@link #find} finds: an earlier name anywhere wins over a later one. */
    public Optional<Path> findFirst(List<String> names) {
        return names.stream().map(this::find).flatMap(Optional::stream).findFirst();
    }

    /**
     * The program's path.
     *
     * @throws MissingBinaryException naming it, the variable and PATH searched, and how to install it
     */
    public Path require(String name) {
        return requireFirst(List.of(name));
    }

    /**
     * {@link #findFirst}, or a failure naming every program looked for.
     *
     * @throws MissingBinaryException naming them, the variables and PATH searched, and how to install the first
     */
    public Path requireFirst(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one program to look for");
        }
        return findFirst(names).orElseThrow(() -> new MissingBinaryException(names, overrides(names), searchPath(),
                hint(names.get(0))));
    }

    /**
     * {@code file}, given for program {@code name} instead of a lookup, as an absolute path.
     *
     * @throws MissingBinaryException when it does not exist or is not an executable file (with the chmod to run)
     */
    public Path requireFile(String name, Path file) {
        Path p = file.toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            throw new MissingBinaryException(name, p, "does not exist", hint(name));
        }
        if (!Files.isExecutable(p)) {
            throw new MissingBinaryException(name, p, "is not executable (chmod +x " + p + ")", hint(name));
        }
        return p;
    }

    /** What is searched for {@code name}, for messages: its override variable and the PATH. */
    public String searched(String name) {
        return overrides(List.of(name)) + " and PATH=" + searchPath();
    }

    /** The PATH searched; empty when unset. */
    public String searchPath() {
        return env.getOrDefault("PATH", "");
    }

    /** How to install {@code name}: a hint given or built in, else its Debian package of the same name. */
    public String hint(String name) {
        return hints.getOrDefault(name, apt(name));
    }

    /** The override variable of {@code name}: {@code STACKGATE_<NAME>_BIN}, upper case, '-' and '.' as '_'. */
    public static String variable(String name) {
        return "STACKGATE_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_') + "_BIN";
    }

    private String overrides(List<String> names) {
        return names.stream().map(n -> "$" + variable(n) + (env.containsKey(variable(n)) ? "=" + env.get(variable(n))
                : " (unset)")).collect(Collectors.joining(", "));
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static String apt(String pkg) {
        return "install it with: sudo apt-get install -y " + pkg + "   (or ./scripts/install-tools)";
    }
}
