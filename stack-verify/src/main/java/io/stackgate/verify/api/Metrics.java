package io.stackgate.verify.api;

import java.util.OptionalDouble;

/** Reading one sample out of a Prometheus text exposition ({@code /metrics}). */
final class Metrics {
    private Metrics() {
    }

    /** The value of the first sample named {@code name}, or empty when absent or the page did not answer. */
    static OptionalDouble first(Http.Response page, String name) {
        if (!page.ok()) {
            return OptionalDouble.empty();
        }
        for (String line : page.body().lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String[] parts = line.trim().split("\\s+");
                try {
                    return OptionalDouble.of(Double.parseDouble(parts[parts.length - 1]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }
}
