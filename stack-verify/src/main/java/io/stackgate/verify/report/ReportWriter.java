package io.stackgate.verify.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a verification {@link Report} as {@code report.json} (the DESIGN.md contract, for
 * machines) and {@code index.html} (one self-contained page, for people) into a directory.
 *
 * <p>The same Report always gives byte-identical files. Nothing partial is ever left behind: both
 * files are rendered in memory, written to temporary files in {@code dir}, and only then renamed
 * over their final names, each rename atomic. If anything fails, the temporary files are deleted
 * and so is any file this call had already created; a failure before the renames (the usual case:
 * the directory cannot be created or written) leaves a previous report in {@code dir} as it was.
 */
public final class ReportWriter {
    static final String JSON = "report.json";
    static final String HTML = "index.html";

    /**
     * Writes {@code report.json} and {@code index.html} into {@code dir}, creating it (and its
     * parents) when missing and replacing an earlier report there.
     *
     * @throws IOException when {@code dir} cannot be created (for example it is an existing regular
     *     file), {@code report.json} or {@code index.html} there is a directory, or a file cannot be
     *     written; no temporary, new or partial file is left in that case
     */
    public void write(Report report, Path dir) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(dir, "dir");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(JSON, ReportJson.render(report));
        files.put(HTML, HtmlReport.render(report));

        Files.createDirectories(dir);
        for (String name : files.keySet()) {
            // caught here, before any file is replaced, rather than half-way through the renames
            if (Files.isDirectory(dir.resolve(name))) {
                throw new FileSystemException(dir.resolve(name).toString(), null,
                        "is a directory; remove it or write the report to another directory");
            }
        }
        List<Path> temps = new ArrayList<>();
        List<Path> created = new ArrayList<>();
        try {
            Map<Path, String> written = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path temp = Files.createTempFile(dir, "." + file.getKey() + ".", ".tmp");
                temps.add(temp);
                Files.write(temp, file.getValue());
                readableByAll(temp);
                written.put(temp, file.getKey());
            }
            for (Map.Entry<Path, String> file : written.entrySet()) {
                Path target = dir.resolve(file.getValue());
                boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                move(file.getKey(), target);
                if (!existed) {
                    created.add(target);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a rename that failed after an earlier one succeeded: take back the files this call added
            List<Path> leftovers = new ArrayList<>(temps);
            leftovers.addAll(created);
            for (Path leftover : leftovers) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** Temporary files are created owner-only; a report is meant to be published (CI artifacts, a web server). */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so this only happens on exotic file systems; a plain replace is the best left
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
