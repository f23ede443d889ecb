package io.stackgate.verify.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path tmp;

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesBothFilesIntoADirectoryItCreates() throws IOException {
        Path dir = tmp.resolve("a/b/report");
        new ReportWriter().write(SampleReports.mixed(), dir);

        assertThat(listing(dir)).containsExactly("index.html", "report.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("index.html"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void writingTwiceGivesByteIdenticalFiles() throws IOException {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        new ReportWriter().write(SampleReports.mixed(), first);
        new ReportWriter().write(SampleReports.mixed(), second);

        assertThat(Files.readAllBytes(second.resolve("report.json"))).isEqualTo(Files.readAllBytes(first.resolve("report.json")));
        assertThat(Files.readAllBytes(second.resolve("index.html"))).isEqualTo(Files.readAllBytes(first.resolve("index.html")));
    }

    @Test
    void rewritingReplacesTheOldReportAndLeavesNoTemporaryFiles() throws IOException {
        Path dir = tmp.resolve("r");
        new ReportWriter().write(SampleReports.withChecks(List.of(), List.of()), dir);
        byte[] before = Files.readAllBytes(dir.resolve("report.json"));
        new ReportWriter().write(SampleReports.mixed(), dir);

        assertThat(listing(dir)).containsExactly("index.html", "report.json");
        assertThat(Files.readAllBytes(dir.resolve("report.json"))).isNotEqualTo(before);
    }

    @Test
    void aDirectoryThatIsARegularFileThrowsAndLeavesNothing() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "keep me");

        assertThatThrownBy(() -> new ReportWriter().write(SampleReports.mixed(), file))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertThat(listing(tmp)).containsExactly("not-a-dir");
    }

    @Test
    void aDirectoryInTheWayOfIndexHtmlThrowsBeforeTouchingReportJson() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("r"));
        Files.createDirectory(dir.resolve("index.html"));
        Files.writeString(dir.resolve("report.json"), "old");

        assertThatThrownBy(() -> new ReportWriter().write(SampleReports.mixed(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("index.html").hasMessageContaining("is a directory");
        assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo("old");
        assertThat(listing(dir)).containsExactly("index.html", "report.json");
    }

    @Test
    void anUnwritableDirectoryThrowsAndLeavesNoTemporaryFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root ignores directory permissions; the test proves nothing there
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(dir), "running as root");
            assertThatThrownBy(() -> new ReportWriter().write(SampleReports.mixed(), dir))
                    .isInstanceOf(IOException.class);
            assertThat(listing(dir)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Renders the sample page for a look in a browser: {@code -Dreport.sample.dir=/tmp/report-sample}. */
    @Test
    @EnabledIfSystemProperty(named = "report.sample.dir", matches = ".+")
    void writesTheSampleReportForALook() throws IOException {
        Path dir = Path.of(System.getProperty("report.sample.dir"));
        new ReportWriter().write(SampleReports.mixed(), dir);
        new ReportWriter().write(SampleReports.edgeCases(), dir.resolveSibling(dir.getFileName() + "-edge-cases"));

        assertThat(dir.resolve("index.html")).isRegularFile();
        assertThat(dir.resolveSibling(dir.getFileName() + "-edge-cases").resolve("index.html")).isRegularFile();
    }
}
