package io.stackgate.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading terraform's JSON (plan, outputs) into Jackson trees and plain Java values. */
final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    /** The JSON document; {@link IllegalArgumentException} when it is not JSON. */
    static JsonNode tree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty output, expected a JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + " (starts with: "
                    + abbreviate(json) + ")", e);
        }
    }

    /** A JSON value as String, Number, Boolean, List, Map (insertion-ordered) or null. */
    static Object plain(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return MAPPER.convertValue(node, Object.class);
    }

    /** {@code terraform output -json}: name → value. */
    static Map<String, Object> outputs(String json) {
        JsonNode root = tree(json);
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object of outputs, got " + root.getNodeType());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        root.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue().get("value"))));
        return Collections.unmodifiableMap(out);
    }

    static String abbreviate(String s) {
        String oneLine = s.strip().replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
