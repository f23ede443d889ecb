package io.stackgate.verify.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the programs the local replica runs: an environment variable ({@code STACKGATE_<NAME>_BIN})
 * wins, then PATH. A missing one is reported with its name, the PATH searched and the install command.
 */
public final class Binaries {
    /** Program → Debian package. */
    private static final Map<String, String> PACKAGES = Map.of(
            "prometheus", "prometheus",
            "promtool", "prometheus",
            "prometheus-alertmanager", "prometheus-alertmanager",
            "amtool", "prometheus-alertmanager",
            "prometheus-node-exporter", "prometheus-node-exporter",
            "haproxy", "haproxy",
            "grafana-server", "grafana (from Grafana's apt repository)");

    private final Map<String, String> env;

    public Binaries() {
        this(System.getenv());
    }

    public Binaries(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The program's path, or a {@link MissingBinaryException} that says how to install it. */
    public Path require(String name) {
        return find(name).orElseThrow(() -> new MissingBinaryException(name, searched(name), installCommand(name)));
    }

    public Optional<Path> find(String name) {
        String override = env.get(variable(name));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What was searched, for messages: the override variable and the PATH. */
    public String searched(String name) {
        return "$" + variable(name) + (env.containsKey(variable(name)) ? "=" + env.get(variable(name)) : " (unset)")
                + " and PATH=" + env.getOrDefault("PATH", "");
    }

    public static String installCommand(String name) {
        String pkg = PACKAGES.getOrDefault(name, name);
        return pkg.contains(" ") ? pkg : "sudo apt-get install -y " + pkg + "   (or ./scripts/install-tools)";
    }

    static String variable(String name) {
        return "STACKGATE_" + name.toUpperCase().replace('-', '_') + "_BIN";
    }
}
