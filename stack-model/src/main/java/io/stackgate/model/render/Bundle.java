package io.stackgate.model.render;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A rendered set of files: relative path (with {@code /}) → bytes, sorted by path. Equal topologies
 * give equal bundles, byte for byte.
 */
public record Bundle(SortedMap<String, byte[]> files) {
    public Bundle {
        for (String path : files.keySet()) {
            if (path.startsWith("/") || path.contains("..") || path.contains("\\") || path.isBlank()) {
                throw new IllegalArgumentException("bundle paths are relative and stay inside the bundle: " + path);
            }
        }
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The file at {@code path} as UTF-8 text. */
    public String text(String path) {
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalArgumentException("no file " + path + " in the bundle; it has " + files.keySet());
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public boolean has(String path) {
        return files.containsKey(path);
    }

    /** A new bundle with {@code other}'s files added (they must not overlap). */
    public Bundle plus(Bundle other) {
        TreeMap<String, byte[]> all = new TreeMap<>(files);
        for (Map.Entry<String, byte[]> e : other.files.entrySet()) {
            if (all.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("two parts of the bundle both write " + e.getKey());
            }
        }
        return new Bundle(all);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects files; text is stored as UTF-8. */
    public static final class Builder {
        private final TreeMap<String, byte[]> files = new TreeMap<>();

        public Builder text(String path, String content) {
            return bytes(path, content.getBytes(StandardCharsets.UTF_8));
        }

        public Builder bytes(String path, byte[] content) {
            if (files.put(path, content.clone()) != null) {
                throw new IllegalArgumentException("written twice: " + path);
            }
            return this;
        }

        public Bundle build() {
            return new Bundle(files);
        }
    }
}
