package io.stackgate.verify.local.net;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the programs this package runs. {@code STACKGATE_<NAME>_BIN} wins (as for every stackgate
 * binary), then PATH, then {@code /usr/sbin} and {@code /sbin}: {@code ip} and {@code nft} live
 * there and a non-login root shell does not always have them on PATH.
 */
final class Programs {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin");

    private final Map<String, String> env;

    Programs(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static Programs system() {
        return new Programs(System.getenv());
    }

    Optional<Path> find(String name) {
        String override = env.get(variable(name));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : directories()) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What {@link #find} searched, for messages. */
    String searched(String name) {
        String var = variable(name);
        return "$" + var + (env.containsKey(var) ? "=" + env.get(var) : " (unset)") + ", PATH and " + String.join(":", SBIN);
    }

    private List<String> directories() {
        List<String> dirs = new ArrayList<>();
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(dir);
            }
        }
        dirs.addAll(SBIN);
        return dirs;
    }

    static String variable(String name) {
        return "STACKGATE_" + name.toUpperCase().replace('-', '_') + "_BIN";
    }
}
