package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.model.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI against real binaries: verify, bench, up, a SIGTERM midway, missing binaries. */
class VerifyCliIT {
    @TempDir
    Path dir;

    private static String example(String name) {
        return Fixtures.examples().resolve(name).toString();
    }

    @Test
    void benchRunsAFullVerifyAndPrintsTheFiguresAsJson() throws Exception {
        assertThat(Jar.replicaProcesses()).isEmpty();
        Path out = dir.resolve("bench.json");
        Jar.Result r = Jar.run(dir, Map.of(), 240, "bench", example("seed-2az.yaml"), "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode figures = new ObjectMapper().readTree(out.toFile());
        for (String key : new String[] {"time_to_ready_s", "verify_total_s", "failover_failed_requests",
            "failover_eject_s", "rejoin_s", "heap_after_verify_mb", "checks_failed", "failover_error_window_s",
            "failover_error_window_aws_s", "history_gap_s", "failover_p99_ms"}) {
            assertThat(figures.has(key)).as("figure %s in %s", key, figures).isTrue();
        }
        assertThat(figures.get("failover_failed_requests").asDouble()).isZero();
        assertThat(figures.get("checks_failed").asInt()).isZero();
        assertThat(figures.get("processes_left_running").asInt()).isZero();
        assertThat(Jar.replicaProcesses()).isEmpty();
    }

    @Test
    void verifyOfTheSeedsMistakeFailsTheFederationCheckWithEvidence() throws Exception {
        Path topo = dir.resolve("mutual.yaml");
        Files.writeString(topo, Files.readString(Fixtures.examples().resolve("seed-2az.yaml"))
                .replace("federation: { mode: none }", "federation: { mode: mutual }"));
        Jar.Result refused = Jar.run(dir, Map.of(), 60, "verify", topo.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("PROM_MUTUAL_FEDERATION").contains("--allow-findings");

        Path report = dir.resolve("report");
        Jar.Result r = Jar.run(dir, Map.of(), 240, "verify", topo.toString(), "--allow-findings", "--report", report.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).containsPattern("federation\\s+FAILED").contains("FAILED: ");
        JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        JsonNode federation = null;
        for (JsonNode c : json.get("checks")) {
            assertThat(c.get("status").asText()).isIn("PASSED", "FAILED", "SKIPPED");
            if (c.get("name").asText().equals("federation")) {
                federation = c;
            }
        }
        assertThat(federation).isNotNull();
        assertThat(federation.get("status").asText()).isEqualTo("FAILED");
        assertThat(federation.get("evidence").toString()).contains("count(up{job=\\\"node\\\"})");
        assertThat(Files.readString(report.resolve("index.html"))).contains("<svg");
        assertThat(Jar.replicaProcesses()).isEmpty();
    }

    @Test
    void sigtermMidwayLeavesNothingRunning() throws Exception {
        assertThat(Jar.replicaProcesses()).isEmpty();
        java.util.Set<String> workDirsBefore = Jar.replicaWorkDirs();
        Path log = dir.resolve("verify.log");
        Process p = Jar.builder(dir, Map.of(), "verify", example("seed-2az.yaml"), "--report", dir.resolve("r").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Jar.awaitOutput(p, log, java.util.regex.Pattern.compile("alert-once"), 120);
        assertThat(Files.readString(log)).contains("ready in");
        assertThat(Jar.replicaProcesses()).isNotEmpty();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Jar.replicaProcesses()).as("processes left after SIGTERM").isEmpty();
        assertThat(Jar.replicaWorkDirs()).as("working directories left after SIGTERM").isEqualTo(workDirsBefore);
    }

    @Test
    void upPrintsTheEndpointsAndStopsEverything() throws Exception {
        Jar.Result r = Jar.run(dir, Map.of(), 60, "up", example("seed-2az.yaml"), "--for", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // loopback, or with root the balancer's address on the run's AZ bridge
        assertThat(r.out()).containsPattern("Grafana's datasource: http://(127\\.0\\.0\\.1|10\\.231\\.\\d+\\.\\d+):\\d+")
                .contains("prometheus-1").contains("alertmanager-3").contains("stopped");
        assertThat(Jar.replicaProcesses()).isEmpty();
    }

    @Test
    void aMissingBinaryIsNamedWithThePathSearchedAndTheInstallCommand() throws Exception {
        Jar.Result r = Jar.run(dir, Map.of("STACKGATE_PROMETHEUS_BIN", "/nonexistent/prometheus"), 60,
                "verify", example("seed-2az.yaml"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("prometheus not found").contains("STACKGATE_PROMETHEUS_BIN=/nonexistent/prometheus")
                .contains("PATH=").contains("apt-get install -y prometheus").doesNotContain("Exception");
    }

    @Test
    void aTargetNoModuleRegistersIsRefusedWithTheRegisteredOnes() throws Exception {
        Jar.Result r = Jar.run(dir, Map.of(), 60, "verify", example("seed-2az.yaml"), "--target", "docker");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown target docker; known targets: ").contains("local (real binaries");
    }
}
