package io.stackgate.model.load;

import io.stackgate.model.Cidr;
import io.stackgate.model.Limits;
import io.stackgate.model.PromDuration;
import io.stackgate.model.TopologyException;
import io.stackgate.model.YamlEnum;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping being read into a topology record. Every accessor checks the node's type and
 * reports errors at the node's own line and column, under its topology path.
 */
final class YamlMap {
    private final String source;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(String source, String path, Node node) throws TopologyLoadException {
        this.source = source;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, path, "expected a mapping (key: value lines), got " + describe(node));
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || keyNode.getTag().equals(Tag.MERGE)) {
                throw error(keyNode, path, "keys must be plain names, got " + describe(keyNode));
            }
            if (entries.put(key.getValue(), tuple) != null) {
                throw error(keyNode, child(key.getValue()), "is given twice; keep one");
            }
        }
    }

    static YamlMap of(String source, String path, Node node) throws TopologyLoadException {
        return new YamlMap(source, path, node);
    }

    String path() {
        return path;
    }

    /** Rejects any key not in {@code known}, suggesting the nearest known one. */
    YamlMap allow(String... known) throws TopologyLoadException {
        List<String> knownKeys = List.of(known);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!knownKeys.contains(e.getKey())) {
                String hint = Suggestions.nearest(e.getKey(), knownKeys)
                        .map(s -> "did you mean \"" + s + "\"?")
                        .orElse("known keys: " + String.join(", ", knownKeys));
                throw error(e.getValue().getKeyNode(), child(e.getKey()), "unknown key; " + hint);
            }
        }
        return this;
    }

    boolean has(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** Fails when {@code key} is missing. */
    YamlMap require(String key, String example) throws TopologyLoadException {
        if (!has(key)) {
            throw error(node, child(key), "is required (e.g. " + key + ": " + example + ")");
        }
        return this;
    }

    Node value(String key) {
        return entries.get(key).getValueNode();
    }

    YamlMap map(String key) throws TopologyLoadException {
        return new YamlMap(source, child(key), value(key));
    }

    List<Node> list(String key) throws TopologyLoadException {
        Node v = value(key);
        if (!(v instanceof SequenceNode seq)) {
            throw error(v, child(key), "expected a list ([a, b] or '- ' lines), got " + describe(v));
        }
        return seq.getValue();
    }

    List<YamlMap> maps(String key) throws TopologyLoadException {
        List<YamlMap> out = new ArrayList<>();
        List<Node> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlMap(source, child(key) + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    List<String> strings(String key) throws TopologyLoadException {
        List<String> out = new ArrayList<>();
        List<Node> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(scalar(items.get(i), child(key) + "[" + i + "]", Tag.STR, "a string"));
        }
        return out;
    }

    List<Cidr> cidrs(String key) throws TopologyLoadException {
        List<Cidr> out = new ArrayList<>();
        List<Node> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            String p = child(key) + "[" + i + "]";
            String text = scalar(items.get(i), p, Tag.STR, "a CIDR block such as 10.0.0.0/8");
            out.add(convert(items.get(i), p, text, Cidr::parse));
        }
        return out;
    }

    String string(String key) throws TopologyLoadException {
        return scalar(value(key), child(key), Tag.STR, "a string");
    }

    boolean bool(String key) throws TopologyLoadException {
        String text = scalar(value(key), child(key), Tag.BOOL, "true or false").toLowerCase(java.util.Locale.ROOT);
        return text.equals("true") || text.equals("yes") || text.equals("on");
    }

    /** An integer within [min, max]; huge numbers are reported, not wrapped. */
    int integer(String key, long min, long max) throws TopologyLoadException {
        Node v = value(key);
        String text = scalar(v, child(key), Tag.INT, "a whole number between " + min + " and " + max);
        BigInteger n;
        try {
            n = new BigInteger(text.replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            throw error(v, child(key), "expected a whole number between " + min + " and " + max + ", got " + text);
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(v, child(key), "must be between " + min + " and " + max + ", got " + text);
        }
        return n.intValueExact();
    }

    /** An integer within {@code range}. */
    int integer(String key, Limits.Range range) throws TopologyLoadException {
        return integer(key, range.min(), range.max());
    }

    PromDuration duration(String key) throws TopologyLoadException {
        Node v = value(key);
        String text = scalar(v, child(key), Tag.STR, "a duration such as 15s, 5m or 15d");
        return convert(v, child(key), text, PromDuration::parse);
    }

    Cidr cidr(String key) throws TopologyLoadException {
        Node v = value(key);
        String text = scalar(v, child(key), Tag.STR, "a CIDR block such as 10.40.0.0/16");
        return convert(v, child(key), text, Cidr::parse);
    }

    <E extends Enum<E> & YamlEnum> E enumValue(String key, Class<E> type) throws TopologyLoadException {
        Node v = value(key);
        String text = scalar(v, child(key), Tag.STR, "one of " + YamlEnum.names(type));
        return convert(v, child(key), text, t -> YamlEnum.parse(type, t));
    }

    /**
     * Runs a record constructor; a {@link TopologyException} it throws is reported at the key it
     * names (resolved inside this mapping), so the user sees the line of the offending value.
     */
    <T> T build(Supplier<T> constructor) throws TopologyLoadException {
        try {
            return constructor.get();
        } catch (TopologyException e) {
            Node at = resolve(e.field());
            throw error(at, child(e.field()), e.reason());
        }
    }

    private Node resolve(String field) {
        Node current = node;
        for (String segment : field.split("\\.")) {
            String key = segment.replaceAll("\\[\\d+]$", "");
            Node next = null;
            if (current instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        next = t.getValueNode();
                    }
                }
            }
            if (next == null) {
                return current;
            }
            if (segment.endsWith("]") && next instanceof SequenceNode seq) {
                int i = Integer.parseInt(segment.substring(segment.lastIndexOf('[') + 1, segment.length() - 1));
                next = i < seq.getValue().size() ? seq.getValue().get(i) : next;
            }
            current = next;
        }
        return current;
    }

    private <T> T convert(Node at, String p, String text, Function<String, T> parser) throws TopologyLoadException {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(at, p, e.getMessage());
        }
    }

    private String scalar(Node v, String p, Tag expected, String what) throws TopologyLoadException {
        if (!(v instanceof ScalarNode s)) {
            throw error(v, p, "expected " + what + ", got " + describe(v));
        }
        boolean ok = s.getTag().equals(expected)
                || (expected.equals(Tag.STR) && s.getTag().equals(Tag.STR));
        if (!ok) {
            throw error(v, p, "expected " + what + ", got " + describe(v));
        }
        return s.getValue();
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    TopologyLoadException error(Node at, String p, String reason) {
        Mark m = at.getStartMark();
        return new TopologyLoadException(source, m.getLine() + 1, m.getColumn() + 1, p, reason);
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        String kind = switch (s.getTag().getValue()) {
            case Tag.PREFIX + "int" -> "the number";
            case Tag.PREFIX + "float" -> "the number";
            case Tag.PREFIX + "bool" -> "the boolean";
            case Tag.PREFIX + "null" -> "nothing";
            default -> "the string";
        };
        String value = s.getValue().length() > 40 ? s.getValue().substring(0, 40) + "…" : s.getValue();
        return kind.equals("nothing") ? kind : kind + " \"" + value + "\"";
    }
}
