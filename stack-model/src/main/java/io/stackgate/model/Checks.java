package io.stackgate.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the topology records; each failure names the field. */
final class Checks {
    private Checks() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new TopologyException(field, "is required");
        }
        return value;
    }

    static int range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new TopologyException(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    static String matches(String field, String value, Pattern pattern, String expected) {
        required(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new TopologyException(field, "must be " + expected + ", got \"" + value + "\"");
        }
        return value;
    }

    static <T> List<T> list(String field, List<T> values) {
        required(field, values);
        for (T v : values) {
            Objects.requireNonNull(v, field + " contains null");
        }
        return List.copyOf(values);
    }
}
