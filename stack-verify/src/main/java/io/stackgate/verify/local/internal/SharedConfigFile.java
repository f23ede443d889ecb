package io.stackgate.verify.local.internal;

import io.stackgate.verify.target.ConfigPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The one {@code prometheus.yml} every local replica reads (EFS stands in as a file). */
public final class SharedConfigFile implements ConfigPush {
    private final Path file;

    public SharedConfigFile(Path file) {
        this.file = file;
    }

    @Override
    public String prometheusConfig() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shared config " + file, e);
        }
    }

    /** Written to a temporary file beside it and renamed: a replica never reads half a file. */
    @Override
    public void writePrometheusConfig(String yaml) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".prometheus", ".yml");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared config " + file, e);
        }
    }
}
