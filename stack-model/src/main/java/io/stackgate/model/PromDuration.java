package io.stackgate.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in Prometheus notation ({@code 15s}, {@code 1h30m}, {@code 15d}). Keeps the text the
 * user wrote so that rendered configs read the same, and the parsed value for comparisons.
 */
public record PromDuration(String text, Duration value) implements Comparable<PromDuration> {
    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    public PromDuration {
        if (text == null || value == null) {
            throw new IllegalArgumentException("text and value are required");
        }
    }

    /**
     * Parses {@code 15s}, {@code 2h}, {@code 1h30m}, {@code 15d}; units y w d h m s ms, largest first.
     *
     * @throws IllegalArgumentException for anything else, including an empty string and a zero duration
     */
    public static PromDuration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a duration such as 15s, 5m, 2h or 15d is required");
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text
                    + "\" is not a duration: use a number with a unit (ms, s, m, h, d, w, y), e.g. 15s, 5m, 15d");
        }
        long millis = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String group = m.group(i + 1);
            if (group != null) {
                if (group.length() > 9) {
                    throw new IllegalArgumentException("\"" + text + "\" is too large");
                }
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(group), UNIT_MILLIS[i]));
            }
        }
        if (millis == 0) {
            throw new IllegalArgumentException("\"" + text + "\" is zero: a duration must be positive");
        }
        return new PromDuration(text, Duration.ofMillis(millis));
    }

    /** The shortest Prometheus text for a number of seconds (e.g. 90 → 1m30s). */
    public static PromDuration ofSeconds(long seconds) {
        StringBuilder sb = new StringBuilder();
        long rest = seconds;
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (rest >= units[i]) {
                sb.append(rest / units[i]).append(names[i]);
                rest %= units[i];
            }
        }
        return parse(sb.toString());
    }

    public long seconds() {
        return value.toSeconds();
    }

    /** Checks the duration lies within [min, max]; the message names the field. */
    PromDuration within(String field, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new TopologyException(field, "must be between " + format(min) + " and " + format(max)
                    + ", got " + text);
        }
        return this;
    }

    private static String format(Duration d) {
        return ofSeconds(Math.max(1, d.toSeconds())).text();
    }

    @Override
    public int compareTo(PromDuration o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return text;
    }
}
