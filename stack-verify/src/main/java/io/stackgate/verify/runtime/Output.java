package io.stackgate.verify.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shortening long process output for messages: the head and the tail, with what was left out. */
public final class Output {
    private Output() {
    }

    public static String headAndTail(String text, int head, int tail) {
        List<String> lines = text.lines().toList();
        if (lines.size() <= head + tail) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, head)) + "\n  … " + (lines.size() - head - tail)
                + " lines left out …\n" + String.join("\n", lines.subList(lines.size() - tail, lines.size()));
    }

    /** The last {@code lines} lines of a file (reads at most its last 64 KB); empty when missing. */
    public static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int size = (int) Math.min(len, 64 * 1024);
            byte[] buf = new byte[size];
            f.seek(len - size);
            f.readFully(buf);
            List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
