package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stackgate.runtime.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install-tools as {@code ./stackgate} calls it: {@code --for TARGET} runs only the pieces that target
 * runs, and a moto venv this user cannot run (another user's, a removed python) is reported and left as it is —
 * never removed or written over. The tool cache is a temp folder whose {@code bin/} links the binaries the
 * install step of the test command already built, so no piece builds anything here.
 */
class InstallToolsTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path INSTALL = REPO.resolve("scripts/install-tools");

    @TempDir
    Path tools;

    @Test
    void eachTargetGetsOnlyThePiecesItRunsAndAVenvThatDoesNotRunIsLeftAsItIs() throws IOException {
        Path built = REPO.resolve(".tools/bin");
        assumeTrue(Files.isExecutable(built.resolve("thanos")) && Files.isExecutable(built.resolve("toxiproxy-server")),
                "scripts/install-tools has not built .tools/bin yet");
        Files.createDirectories(tools.resolve("bin"));
        try (Stream<Path> files = Files.list(built)) {
            for (Path f : files.toList()) {
                Files.createSymbolicLink(tools.resolve("bin").resolve(f.getFileName()), f);
            }
        }
        Path python = Files.createDirectories(tools.resolve("venv-moto/bin")).resolve("python");
        Files.createSymbolicLink(python, Path.of("/nonexistent/python3"));

        Exec.Result local = install("--for", "local");
        assertThat(local.exitCode()).as(local.output()).isZero();
        assertThat(local.output()).doesNotContain("venv-moto");

        Exec.Result emulated = install("--for", "emulated");
        assertThat(emulated.exitCode()).isEqualTo(1);
        assertThat(emulated.output()).contains(tools.resolve("venv-moto") + " exists but its python (/nonexistent/python3) does not run as")
                .contains("STACKGATE_TOOLS=$HOME/.stackgate-tools ./scripts/install-tools")
                .contains("install-tools: failed: 40-moto.sh")
                .doesNotContain("setting up");
        assertThat(Files.isSymbolicLink(python)).as("the venv is left as it was").isTrue();
        try (Stream<Path> left = Files.list(tools.resolve("venv-moto"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("bin");
        }
    }

    @Test
    void anUnknownTargetOrOptionIsRefusedBeforeAnyPieceRuns() {
        Exec.Result mars = install("--for", "mars");
        assertThat(mars.exitCode()).isEqualTo(2);
        assertThat(mars.output()).contains("--for takes one target, local or emulated (got: mars)");
        Exec.Result bogus = install("--bogus");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.output()).contains("usage: install-tools [--for local|emulated]");
        assertThat(tools.resolve("bin")).doesNotExist();
    }

    private Exec.Result install(String... args) {
        return Exec.of(Stream.concat(Stream.of("bash", INSTALL.toString()), Stream.of(args)).toList())
                .env(Map.of("STACKGATE_TOOLS", tools.toString())).timeout(Duration.ofMinutes(2)).runForAnyExit();
    }
}
