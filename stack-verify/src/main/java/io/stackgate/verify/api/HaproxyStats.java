package io.stackgate.verify.api;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy's stats page ({@code /stats;csv}) at one address: the status of every server of a backend.
 * An unreadable page is empty, never "every server down": a check must not read a missing answer
 * as an ejection.
 */
public final class HaproxyStats {
    private static final int PROXY = 0;
    private static final int SERVER = 1;
    private static final int STATUS = 17;
    private final URI stats;

    private HaproxyStats(URI stats) {
        this.stats = stats;
    }

    /** {@code base} is the stats frontend, e.g. {@code http://127.0.0.1:8404}. */
    public static HaproxyStats at(URI base) {
        return new HaproxyStats(URI.create(base.toString().replaceAll("/$", "") + "/stats;csv"));
    }

    /**
     * Server name → status ({@code UP}, {@code DOWN}, {@code UP 1/2}, {@code MAINT}, {@code DRAIN}, …) of
     * {@code backend}'s servers, or empty when the page did not answer.
     */
    public Optional<Map<String, String>> servers(String backend) {
        Http.Response r = Http.get(stats, Duration.ofSeconds(2));
        if (!r.ok()) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.body().lines().toList()) {
            String[] f = line.split(",", -1);
            if (f.length > STATUS && f[PROXY].equals(backend) && !f[SERVER].equals("BACKEND")
                    && !f[SERVER].equals("FRONTEND")) {
                out.put(f[SERVER], f[STATUS]);
            }
        }
        return Optional.of(out);
    }

    @Override
    public String toString() {
        return stats.toString();
    }
}
