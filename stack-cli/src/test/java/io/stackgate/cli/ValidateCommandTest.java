package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.model.Fixtures;
import io.stackgate.model.validate.FindingCode;
import io.stackgate.model.validate.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
    private static String example(String name) {
        return Fixtures.examples().resolve(name).toString();
    }

    @Test
    void deployableExamplesExitZero() {
        assertThat(CliRun.of("validate", example("seed-2az.yaml")).exitCode()).isZero();
        assertThat(CliRun.of("validate", example("three-az.yaml")).exitCode()).isZero();
    }

    @Test
    void antipatternsJsonListsEveryErrorCodeAndExitsOne() throws Exception {
        CliRun run = CliRun.of("validate", example("antipatterns.yaml"), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(run.out());
        List<String> codes = new ArrayList<>();
        for (JsonNode f : root.get("findings")) {
            assertThat(f.fieldNames()).toIterable().containsExactly("code", "severity", "path", "message", "fix");
            codes.add(f.get("code").asText());
        }
        // HA_SINGLE_REPLICA cannot share a file with QUERY_NO_DEDUP, AM_CLUSTER_DISABLED and
        // GRAFANA_SQLITE_SHARED (each needs two of its tier): it has its own test below
        assertThat(codes).containsAll(Arrays.stream(FindingCode.values())
                .filter(c -> c.severity() == Severity.ERROR && c != FindingCode.HA_SINGLE_REPLICA).map(Enum::name).toList());
    }

    @Test
    void aSingleReplicaIsAnErrorThroughTheCli(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String seed = java.nio.file.Files.readString(java.nio.file.Path.of(example("seed-2az.yaml")));
        java.nio.file.Path one = dir.resolve("one.yaml");
        java.nio.file.Files.writeString(one, seed.replaceFirst("(?m)^  replicas: 2$", "  replicas: 1"));
        CliRun run = CliRun.of("validate", one.toString(), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("\"code\"\\s*:\\s*\"HA_SINGLE_REPLICA\"");
    }

    @Test
    void textOutputNamesCodePathMessageAndFix() {
        CliRun run = CliRun.of("validate", example("antipatterns.yaml"));
        assertThat(run.out()).contains("ERROR   PROM_MUTUAL_FEDERATION  prometheus.federation.mode")
                .contains("fix: set federation.mode to none").containsPattern("\\d+ errors, \\d+ warnings");
    }

    @Test
    void aBadFormatIsAUsageError() {
        CliRun run = CliRun.of("validate", example("seed-2az.yaml"), "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format");
    }

    @Test
    void helpAndVersionWork() {
        for (String cmd : List.of("validate", "generate")) {
            CliRun run = CliRun.of(cmd, "--help");
            assertThat(run.exitCode()).as(cmd).isZero();
            assertThat(run.out()).as(cmd).contains("Usage: stackgate " + cmd);
        }
        assertThat(CliRun.of("--help").out()).contains("validate").contains("generate");
        assertThat(CliRun.of("--version").out()).startsWith("stackgate ");
    }
}
