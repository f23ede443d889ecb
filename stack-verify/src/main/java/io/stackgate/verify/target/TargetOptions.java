package io.stackgate.verify.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a target: keep its working directory after close (for debugging), and target
 * specific settings by name (e.g. {@code endpoint}, {@code region} for the AWS targets).
 */
public record TargetOptions(boolean keepWorkDir, Map<String, String> settings) {
    public TargetOptions {
        settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    }

    public static TargetOptions defaults() {
        return new TargetOptions(false, Map.of());
    }

    public TargetOptions keepingWorkDir(boolean keep) {
        return new TargetOptions(keep, settings);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
