package io.stackgate.verify.report;

import io.stackgate.runtime.TreeWriter;
import io.stackgate.verify.result.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a verification {@link Report} as {@code report.json} (the DESIGN.md contract, for
 * machines) and {@code index.html} (one self-contained page, for people) into a directory.
 *
 * <p>The same Report always gives byte-identical files. Nothing partial is ever left behind: both
 * files are rendered in memory and written through the one atomic {@link TreeWriter} (a temporary
 * sibling directory, then one rename of the whole directory); a directory holding anything besides
 * {@code report.json} and {@code index.html} is refused, an earlier report there is replaced.
 */
public final class ReportWriter {
    static final String JSON = "report.json";
    static final String HTML = "index.html";
    private static final TreeWriter TREE = TreeWriter.of("a stackgate report")
            .replacingOnly(Set.of(JSON, HTML)).readableByAll()
            .remedy("remove it or write the report to another directory");

    /**
     * Writes {@code report.json} and {@code index.html} into {@code dir}, creating it (and its
     * parents) when missing and replacing an earlier report there.
     *
     * @throws IOException when {@code dir} cannot be created or written, or holds other files;
     *     nothing is left half-written in that case
     */
    public void write(Report report, Path dir) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(dir, "dir");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(JSON, ReportJson.render(report));
        files.put(HTML, HtmlReport.render(report));
        TREE.write(dir, files);
    }
}
