package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private static String example(String name) {
        return Fixtures.examples().resolve(name).toString();
    }

    @Test
    void twoRunsGiveByteIdenticalTrees() throws IOException {
        assertThat(CliRun.of("generate", example("seed-2az.yaml"), "--out", dir.resolve("a").toString()).exitCode()).isZero();
        assertThat(CliRun.of("generate", example("seed-2az.yaml"), "--out", dir.resolve("b").toString()).exitCode()).isZero();
        Map<String, String> a = tree(dir.resolve("a"));
        assertThat(a).containsKeys("config/prometheus/prometheus.yml", "config/alertmanager/alertmanager.yml",
                "config/grafana/grafana.ini", "config/haproxy/haproxy.cfg", "terraform/stack.auto.tfvars.json",
                "ansible/inventory/aws_ec2.yml", "ansible/group_vars/all.yml");
        assertThat(tree(dir.resolve("b"))).isEqualTo(a);
    }

    @Test
    void refusesErrorFindingsAndWritesNothing() {
        CliRun run = CliRun.of("generate", example("antipatterns.yaml"), "--out", dir.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--allow-findings").contains("PROM_MUTUAL_FEDERATION");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void allowFindingsWritesTheBundleAnyway() {
        CliRun run = CliRun.of("generate", example("antipatterns.yaml"), "--out", dir.resolve("x").toString(),
                "--allow-findings");
        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("x/config/prometheus/prometheus.yml")).exists();
    }

    @Test
    void anUnusableOutputDirectoryIsExitTwoAndLeftAlone() throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/notes.txt"), "mine");
        CliRun run = CliRun.of("generate", example("seed-2az.yaml"), "--out", dir.resolve("home").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("not empty");
        assertThat(tree(dir.resolve("home"))).containsOnlyKeys("notes.txt");
    }

    @Test
    void missingOutIsAUsageError() {
        CliRun run = CliRun.of("generate", example("seed-2az.yaml"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--out");
    }

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
