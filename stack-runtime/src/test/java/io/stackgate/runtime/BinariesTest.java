package io.stackgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinariesTest {
    @TempDir
    Path dir;

    @Test
    void theFirstExecutableFileOnThePathIsFoundSkippingDirectoriesAndPlainFiles() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path c = Files.createDirectories(dir.resolve("c"));
        Files.createDirectory(a.resolve("prometheus"));
        Files.writeString(b.resolve("prometheus"), "not executable");
        Path real = executable(c.resolve("prometheus"));

        assertThat(new Binaries(Map.of("PATH", a + ":" + b + ":" + c)).find("prometheus")).contains(real);
    }

    @Test
    void theOverrideVariableWinsAndIsNotSecondGuessedWithThePath() throws IOException {
        Path onPath = executable(Files.createDirectories(dir.resolve("bin")).resolve("haproxy"));
        Path elsewhere = executable(dir.resolve("my-haproxy"));

        assertThat(new Binaries(Map.of("PATH", onPath.getParent().toString(), "STACKGATE_HAPROXY_BIN", elsewhere.toString()))
                .find("haproxy")).contains(elsewhere);
        assertThat(new Binaries(Map.of("PATH", onPath.getParent().toString(), "STACKGATE_HAPROXY_BIN", "/nonexistent/haproxy"))
                .find("haproxy")).as("a broken override is reported, not replaced by the PATH's").isEmpty();
    }

    @Test
    void aMissingBinaryNamesItWhatWasSearchedAndHowToInstallIt() {
        MissingBinaryException e = catchThrowableOfType(MissingBinaryException.class,
                () -> new Binaries(Map.of("PATH", "/nonexistent:/also-not")).require("prometheus"));

        assertThat(e.getMessage()).isEqualTo("prometheus not found (searched $STACKGATE_PROMETHEUS_BIN (unset) and"
                + " PATH=/nonexistent:/also-not); install it with: sudo apt-get install -y prometheus"
                + "   (or ./scripts/install-tools)");
        assertThat(e.binary()).isEqualTo("prometheus");
        assertThat(e.searchPath()).isEqualTo("/nonexistent:/also-not");

        assertThatThrownBy(() -> new Binaries(Map.of("PATH", "/x", "STACKGATE_AMTOOL_BIN", "/opt/amtool")).require("amtool"))
                .hasMessageContaining("$STACKGATE_AMTOOL_BIN=/opt/amtool and PATH=/x")
                .hasMessageContaining("apt-get install -y prometheus-alertmanager");
    }

    @Test
    void aCallersHintReplacesTheDefaultAndEveryNameLookedForIsNamed() {
        Binaries b = new Binaries(Map.of("PATH", "/nonexistent")).withHint("terraform", "install Terraform >= 1.9");

        assertThatThrownBy(() -> b.requireFirst(List.of("terraform", "tofu")))
                .isInstanceOf(MissingBinaryException.class)
                .hasMessage("terraform or tofu not found (searched $STACKGATE_TERRAFORM_BIN (unset), $STACKGATE_TOFU_BIN"
                        + " (unset) and PATH=/nonexistent); install Terraform >= 1.9");
        assertThat(b.hint("tofu")).as("an unknown program: its Debian package of the same name")
                .isEqualTo("install it with: sudo apt-get install -y tofu   (or ./scripts/install-tools)");
    }

    @Test
    void anEarlierNameAnywhereOnThePathWinsOverALaterOne() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        executable(first.resolve("tofu"));
        Path terraform = executable(second.resolve("terraform"));

        assertThat(new Binaries(Map.of("PATH", first + ":" + second)).requireFirst(List.of("terraform", "tofu")))
                .isEqualTo(terraform);
    }

    @Test
    void aGivenFileMustExistAndBeExecutable() throws IOException {
        Binaries b = new Binaries(Map.of()).withHint("terraform", "install it");
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");

        assertThatThrownBy(() -> b.requireFile("terraform", dir.resolve("missing")))
                .hasMessage("terraform binary " + dir.resolve("missing") + " does not exist; install it");
        assertThatThrownBy(() -> b.requireFile("terraform", plain))
                .hasMessage("terraform binary " + plain + " is not executable (chmod +x " + plain + "); install it");
        assertThat(b.requireFile("terraform", executable(dir.resolve("tf")))).isEqualTo(dir.resolve("tf"));
    }

    @Test
    void theOverrideVariableIsTheNameInUpperCaseWithUnderscores() {
        assertThat(Binaries.variable("prometheus-node-exporter")).isEqualTo("STACKGATE_PROMETHEUS_NODE_EXPORTER_BIN");
        assertThat(Binaries.variable("grafana-server")).isEqualTo("STACKGATE_GRAFANA_SERVER_BIN");
    }

    private static Path executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
