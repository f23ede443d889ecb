package io.stackgate.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one YAML layout stackgate writes for Ansible: a {@code ---} line, the header comment, then
 * the tree in block style with keys in the maps' iteration order, strings quoted only where YAML
 * would read them as something else. {@link LinkedHashMap}s built in a fixed order give
 * byte-identical output.
 */
final class YamlText {
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private YamlText() {
    }

    /** {@code header} lines become {@code # } comments after the {@code ---} line. */
    static String write(String header, Object tree) {
        StringBuilder s = new StringBuilder("---\n");
        for (String line : header.split("\n", -1)) {
            s.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        try {
            return s.append(MAPPER.writeValueAsString(tree)).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (m.put((String) keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("key written twice: " + keysAndValues[i]);
            }
        }
        return m;
    }
}
