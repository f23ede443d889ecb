package io.stackgate.model;

import java.util.Arrays;
import java.util.List;

/** An enum whose constants are written in topology files by a fixed name ({@code loadBalancer}, {@code TLS1.2}). */
public interface YamlEnum {
    String yamlName();

    /** Finds the constant written as {@code text}, or throws with the accepted names. */
    static <E extends Enum<E> & YamlEnum> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.yamlName().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not one of " + names(type));
    }

    static <E extends Enum<E> & YamlEnum> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlEnum::yamlName).toList();
    }
}
