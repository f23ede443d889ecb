package io.stackgate.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Process output for messages: stdout and stderr joined, a log's last lines. */
public final class Output {
    private Output() {
    }

    /** stdout, then stderr, with a line break between when stdout does not end in one. */
    public static String combined(String stdout, String stderr) {
        if (stderr.isEmpty()) {
            return stdout;
        }
        if (stdout.isEmpty()) {
            return stderr;
        }
        return stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
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
