package io.stackgate.aws.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where scripts/install.d/40-moto.sh put moto: {@code $STACKGATE_TOOLS/venv-moto} when that variable
 * is set, else {@code .tools/venv-moto} in the working directory or the nearest parent that has one
 * (tests run in a module folder, the CLI anywhere in the repository).
 */
public final class MotoVenv {
    static final String DIR = "venv-moto";

    private MotoVenv() {
    }

    /**
     * The venv that holds {@code bin/moto_server}.
     *
     * @throws EmulatorException listing every place searched and the install command
     */
    public static Path require() {
        return require(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Path require(Map<String, String> env, Path start) {
        List<Path> candidates = candidates(env, start);
        return candidates.stream().filter(v -> Files.isExecutable(v.resolve("bin/moto_server"))).findFirst()
                .orElseThrow(() -> new EmulatorException("moto_server not found; searched " + candidates
                        + ". Install it with ./scripts/install-tools (scripts/install.d/40-moto.sh creates "
                        + ".tools/" + DIR + "), or set STACKGATE_TOOLS to the folder holding " + DIR));
    }

    private static List<Path> candidates(Map<String, String> env, Path start) {
        List<Path> out = new ArrayList<>();
        Optional.ofNullable(env.get("STACKGATE_TOOLS")).filter(s -> !s.isBlank())
                .ifPresent(t -> out.add(Path.of(t).resolve(DIR)));
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            out.add(dir.resolve(".tools").resolve(DIR));
        }
        return out;
    }
}
