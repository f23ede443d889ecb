package io.stackgate.terraform;

import java.util.List;
import java.util.Map;

/**
 * The one JSON layout stackgate writes for Terraform: objects one key per line with a two-space
 * indent, arrays of scalars on one line ({@code ["a", "b"]}), {@code "\n"} line ends and a trailing
 * newline. Key order is the map's iteration order, so a {@link java.util.LinkedHashMap} built in a
 * fixed order gives byte-identical output. Hand-written (not Jackson's pretty printer) because the
 * layout is part of the contract: it matches the hand-made fixture in terraform/tests/fixtures.
 */
final class JsonText {
    private JsonText() {
    }

    /** {@code value}: a Map with String keys, a List, a String, a Number (integral), a Boolean or null. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        value(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void value(StringBuilder sb, Object v, int depth) {
        if (v instanceof Map<?, ?> map) {
            object(sb, map, depth);
        } else if (v instanceof List<?> list) {
            array(sb, list, depth);
        } else {
            scalar(sb, v);
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
            }
            indent(sb, depth + 1);
            string(sb, key);
            sb.append(": ");
            value(sb, e.getValue(), depth + 1);
            sb.append(++i < map.size() ? ",\n" : "\n");
        }
        indent(sb, depth);
        sb.append('}');
    }

    private static void array(StringBuilder sb, List<?> list, int depth) {
        boolean flat = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
        if (flat) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                scalar(sb, list.get(i));
            }
            sb.append(']');
            return;
        }
        sb.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            indent(sb, depth + 1);
            value(sb, list.get(i), depth + 1);
            sb.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        indent(sb, depth);
        sb.append(']');
    }

    private static void scalar(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            sb.append(v);
        } else {
            throw new IllegalArgumentException("unsupported JSON value " + v + " (" + v.getClass().getName() + ")");
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth));
    }
}
