package io.stackgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWriterTest {
    @TempDir
    Path dir;

    private static final TreeWriter PLAIN = TreeWriter.of("the test tree");

    @Test
    void writesEveryFileIntoANewDirectoryAndItsParentsLeavingNothingElse() throws IOException {
        Path out = PLAIN.write(dir.resolve("a/b/out"), files("x.txt", "1", "sub/y.txt", "2"));

        assertThat(out).isEqualTo(dir.resolve("a/b/out"));
        assertThat(out.resolve("x.txt")).hasContent("1");
        assertThat(out.resolve("sub/y.txt")).hasContent("2");
        assertThat(listing(dir.resolve("a/b"))).containsExactly("out");
    }

    @Test
    void anEmptyDirectoryIsReplacedAndANonEmptyOneRefusedUntouched() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        PLAIN.write(dir.resolve("empty"), files("x", "1"));
        assertThat(dir.resolve("empty/x")).hasContent("1");

        assertThatThrownBy(() -> PLAIN.remedy("pick another").write(dir.resolve("empty"), files("y", "2")))
                .isInstanceOf(TreeWriter.RefusedException.class)
                .hasMessage(dir.resolve("empty") + " is not empty: pick another (refusing to mix the test tree with"
                        + " existing files)");
        assertThat(listing(dir.resolve("empty"))).containsExactly("x");
        assertThat(listing(dir)).containsExactly("empty");
    }

    @Test
    void aMarkedTreeIsReplacedWholeSoItsStaleFilesGo() throws IOException {
        TreeWriter marked = PLAIN.replacingMarked(".mine");
        marked.write(dir.resolve("out"), files("old", "1", "keep", "1"));
        marked.write(dir.resolve("out"), files("keep", "2"));

        assertThat(listing(dir.resolve("out"))).containsExactly(".mine", "keep");
        assertThat(dir.resolve("out/keep")).hasContent("2");
        assertThat(listing(dir)).containsExactly("out");

        Files.createDirectories(dir.resolve("theirs"));
        Files.writeString(dir.resolve("theirs/notes"), "mine");
        assertThatThrownBy(() -> marked.write(dir.resolve("theirs"), files("a", "1")))
                .hasMessageContaining("is not empty and holds no the test tree (.mine missing)");
        assertThat(dir.resolve("theirs/notes")).hasContent("mine");
    }

    @Test
    void aTreeOfOnlyTheWritersOwnFilesIsReplacedAndAnythingElseRefused() throws IOException {
        TreeWriter report = TreeWriter.of("a report").replacingOnly(Set.of("report.json", "index.html"));
        report.write(dir.resolve("r"), files("report.json", "1", "index.html", "1"));
        report.write(dir.resolve("r"), files("report.json", "2", "index.html", "2"));
        assertThat(dir.resolve("r/report.json")).hasContent("2");

        Files.writeString(dir.resolve("r/notes.txt"), "x");
        assertThatThrownBy(() -> report.write(dir.resolve("r"), files("report.json", "3")))
                .hasMessageContaining(dir.resolve("r") + " holds notes.txt, which is not part of a report");
        Files.delete(dir.resolve("r/notes.txt"));
        Files.delete(dir.resolve("r/index.html"));
        Files.createDirectory(dir.resolve("r/index.html"));
        assertThatThrownBy(() -> report.write(dir.resolve("r"), files("report.json", "3")))
                .hasMessageContaining(dir.resolve("r/index.html") + " is a directory");
        assertThat(dir.resolve("r/report.json")).hasContent("2");
    }

    @Test
    void aFailureHalfwayLeavesThePreviousTreeAsItWasAndNoTemporaryDirectory() throws IOException {
        TreeWriter marked = PLAIN.replacingMarked(".mine");
        marked.write(dir.resolve("out"), files("x", "previous"));

        // "a" is a file, so "a/b" cannot be written: the write fails after "a" is on disk
        assertThatThrownBy(() -> marked.write(dir.resolve("out"), files("a", "file", "a/b", "under a file")))
                .isInstanceOf(IOException.class).isNotInstanceOf(TreeWriter.RefusedException.class);
        assertThat(dir.resolve("out/x")).hasContent("previous");
        assertThat(listing(dir)).containsExactly("out");

        assertThatThrownBy(() -> PLAIN.write(dir.resolve("new"), files("a", "file", "a/b", "under a file")))
                .isInstanceOf(IOException.class);
        assertThat(listing(dir)).containsExactly("out");
    }

    @Test
    void aPathThatLeavesTheTreeIsRefusedAndNothingIsWritten() throws IOException {
        assertThatThrownBy(() -> PLAIN.write(dir.resolve("out"), files("ok", "1", "../escaped", "x")))
                .hasMessageContaining("refusing to write ../escaped: it leaves the directory of the test tree");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void aFileOrTheRootIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "keep");
        assertThatThrownBy(() -> PLAIN.write(file, files("a", "1"))).isInstanceOf(TreeWriter.RefusedException.class)
                .hasMessageContaining(file + " is a file");
        assertThat(file).hasContent("keep");
        assertThatThrownBy(() -> PLAIN.write(Path.of("/"), files("a", "1"))).isInstanceOf(TreeWriter.RefusedException.class)
                .hasMessageContaining("at the filesystem root");
    }

    @Test
    void aReadOnlyDirectoryIsLeftAlone() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(ro), "running as root: every directory is writable");
            assertThatThrownBy(() -> PLAIN.write(ro, files("a", "1"))).hasMessageContaining(ro + " is not writable");
            assertThat(listing(dir)).containsExactly("ro");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void readableByAllGivesPublishablePermissionsWhateverTheUmask() throws IOException {
        Path out = PLAIN.readableByAll().write(dir.resolve("pub"), files("sub/f", "1"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub/f")))).isEqualTo("rw-r--r--");
    }

    @Test
    void deleteRemovesATreeAndALinkInItButNotWhatTheLinkPointsTo() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "x");
        Path tree = PLAIN.write(dir.resolve("tree"), files("a/b/c", "1"));
        Files.createSymbolicLink(tree.resolve("link"), outside);

        TreeWriter.delete(tree);
        TreeWriter.delete(tree); // a missing tree is fine

        assertThat(tree).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("x");
    }

    private static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            m.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
