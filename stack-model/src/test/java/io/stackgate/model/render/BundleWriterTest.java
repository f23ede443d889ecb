package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    @TempDir
    Path dir;

    private final BundleWriter writer = new BundleWriter();

    @Test
    void writesEveryFileAndTheMarker() throws IOException {
        writer.write(Bundle.builder().text("a/b.txt", "hello").build(), dir.resolve("out"));
        assertThat(dir.resolve("out/a/b.txt")).hasContent("hello");
        assertThat(dir.resolve("out/" + BundleWriter.MARKER)).exists();
        assertThat(siblings()).containsExactly("out");
    }

    @Test
    void replacingAPreviousBundleRemovesItsStaleFiles() throws IOException {
        writer.write(Bundle.builder().text("old.txt", "1").text("keep.txt", "1").build(), dir.resolve("out"));
        writer.write(Bundle.builder().text("keep.txt", "2").build(), dir.resolve("out"));
        assertThat(dir.resolve("out/old.txt")).doesNotExist();
        assertThat(dir.resolve("out/keep.txt")).hasContent("2");
        assertThat(siblings()).containsExactly("out");
    }

    @Test
    void aFailureHalfwayLeavesThePreviousBundleAsItWas() throws IOException {
        writer.write(Bundle.builder().text("x.txt", "previous").build(), dir.resolve("out"));
        // "a" is a file, so "a/b" cannot be written: the write fails after "a" is on disk
        Bundle impossible = Bundle.builder().text("a", "file").text("a/b", "under a file").build();
        assertThatThrownBy(() -> writer.write(impossible, dir.resolve("out"))).isInstanceOf(IOException.class);
        assertThat(dir.resolve("out/x.txt")).hasContent("previous");
        assertThat(dir.resolve("out/a")).doesNotExist();
        assertThat(siblings()).containsExactly("out");
    }

    @Test
    void aFailureLeavesNoNewDirectoryBehind() {
        Bundle impossible = Bundle.builder().text("a", "file").text("a/b", "under a file").build();
        assertThatThrownBy(() -> writer.write(impossible, dir.resolve("new"))).isInstanceOf(IOException.class);
        assertThat(siblings()).isEmpty();
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNotABundle() throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/notes.txt"), "mine");
        assertThatThrownBy(() -> writer.write(Bundle.builder().text("a", "1").build(), dir.resolve("home")))
                .isInstanceOf(BundleWriter.RefusedException.class)
                .hasMessageContaining("not empty and holds no stackgate bundle");
        assertThat(dir.resolve("home/notes.txt")).hasContent("mine");
    }

    @Test
    void refusesAFile() throws IOException {
        Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> writer.write(Bundle.builder().text("a", "1").build(), dir.resolve("f")))
                .isInstanceOf(BundleWriter.RefusedException.class).hasMessageContaining("is a file");
    }

    @Test
    void bundlePathsCannotEscape() {
        assertThatThrownBy(() -> Bundle.builder().text("../etc/passwd", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bundle.builder().text("/abs", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private java.util.List<String> siblings() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
