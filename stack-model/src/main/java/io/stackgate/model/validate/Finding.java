package io.stackgate.model.validate;

import java.util.Comparator;
import java.util.Objects;

/**
 * One HA or security problem of a topology: its code, severity, the topology path it concerns,
 * what goes wrong at run time, and how to fix it.
 */
public record Finding(String code, Severity severity, String path, String message, String fix) {
    /** Errors first, then by code and path: a stable order for reports and tests. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::code).thenComparing(Finding::path);

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("finding codes are UPPER_SNAKE_CASE, got " + code);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
