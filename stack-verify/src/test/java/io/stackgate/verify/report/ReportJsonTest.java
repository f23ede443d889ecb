package io.stackgate.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Timeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode written(Report report) throws IOException {
        new ReportWriter().write(report, dir);
        return MAPPER.readTree(dir.resolve("report.json").toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void topLevelKeysFollowTheContractInOrder() throws IOException {
        JsonNode json = written(SampleReports.mixed());

        assertThat(keys(json)).containsExactly("topology", "source", "target", "startedAt", "totalSeconds",
                "summary", "checks", "failover", "figures");
        assertThat(json.get("topology").asText()).isEqualTo("obs");
        assertThat(json.get("source").asText()).isEqualTo("examples/obs-2az.yaml");
        assertThat(json.get("target").asText()).isEqualTo("local");
        assertThat(json.get("startedAt").asText()).isEqualTo("2025-05-14T09:12:03Z");
        assertThat(json.get("totalSeconds").isNumber()).isTrue();
        assertThat(json.get("totalSeconds").asDouble()).isEqualTo(81.238);
    }

    @Test
    void summaryCountsSkippedAsSkippedNotPassed() throws IOException {
        JsonNode summary = written(SampleReports.mixed()).get("summary");

        assertThat(keys(summary)).containsExactly("passed", "failed", "skipped");
        assertThat(summary.get("passed").asInt()).isEqualTo(3);
        assertThat(summary.get("failed").asInt()).isEqualTo(2);
        assertThat(summary.get("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void checksKeepRunOrderWithStatusSecondsDetailAndEvidence() throws IOException {
        JsonNode checks = written(SampleReports.mixed()).get("checks");

        assertThat(checks).hasSize(6);
        for (JsonNode check : checks) {
            assertThat(keys(check)).containsExactly("name", "status", "seconds", "detail", "evidence");
            assertThat(check.get("evidence").isArray()).isTrue();
        }
        assertThat(checks.get(0).get("name").asText()).isEqualTo("config-identical");
        assertThat(checks.get(0).get("seconds").asDouble()).isEqualTo(0.412);
        assertThat(checks.get(1).get("seconds").asDouble()).isEqualTo(1.235);
        assertThat(checks.get(2).get("status").asText()).isEqualTo("FAILED");
        assertThat(checks.get(2).get("evidence").get(3).asText()).isEqualTo(SampleReports.XSS);
        assertThat(checks.get(3).get("status").asText()).isEqualTo("SKIPPED");
        assertThat(checks.get(3).get("detail").asText()).startsWith("target local runs no Grafana");
    }

    @Test
    void failoverIsKeyedByCheckWithTotalsAndSamples() throws IOException {
        JsonNode failover = written(SampleReports.mixed()).get("failover");

        assertThat(keys(failover)).containsExactly("failover-prometheus", "hang-prometheus");
        JsonNode kill = failover.get("failover-prometheus");
        assertThat(keys(kill)).containsExactly("fault", "faultAtSeconds", "ejectedAtSeconds", "recoveredAtSeconds",
                "requests", "failures", "bucketSeconds", "timeline");
        Timeline expected = SampleReports.killTimeline();
        assertThat(kill.get("fault").asText()).isEqualTo("kill -9 prometheus-1");
        assertThat(kill.get("faultAtSeconds").asDouble()).isEqualTo(10.0);
        assertThat(kill.get("ejectedAtSeconds").asDouble()).isEqualTo(12.4);
        assertThat(kill.get("recoveredAtSeconds").asDouble()).isEqualTo(21.8);
        assertThat(kill.get("requests").asLong()).isEqualTo(expected.requests()).isPositive();
        assertThat(kill.get("failures").asLong()).isEqualTo(10);
        assertThat(kill.get("bucketSeconds").asDouble()).isEqualTo(0.5);
        assertThat(kill.get("timeline")).hasSize(60);
        JsonNode sample = kill.get("timeline").get(20);
        assertThat(keys(sample)).containsExactly("t", "requests", "failures");
        assertThat(sample.get("t").asDouble()).isEqualTo(10.0);
        assertThat(sample.get("failures").asInt()).isEqualTo(7);

        JsonNode hang = failover.get("hang-prometheus");
        assertThat(hang.get("recoveredAtSeconds").isNull()).as("a missing recovery is JSON null").isTrue();
    }

    @Test
    void twoTimelinesOfOneCheckAreBothKept() throws IOException {
        Timeline a = SampleReports.timeline(2, SampleReports.steady(5, 10));
        Timeline b = SampleReports.timeline(3, SampleReports.steady(5, 10));
        JsonNode failover = written(SampleReports.withChecks(List.of(), List.of(a, b))).get("failover");

        assertThat(keys(failover)).containsExactly("failover-x", "failover-x#2");
        assertThat(failover.get("failover-x#2").get("faultAtSeconds").asDouble()).isEqualTo(3.0);
    }

    @Test
    void figuresAreSortedByNameAndRounded() throws IOException {
        JsonNode figures = written(SampleReports.mixed()).get("figures");

        assertThat(keys(figures)).containsExactly("failover_eject_s", "rejoin_s", "throughput_rps", "time_to_ready_s");
        assertThat(figures.get("time_to_ready_s").asDouble()).isEqualTo(0.71);
    }

    @Test
    void nullStringsAndNonFiniteNumbersAreJsonNull() throws IOException {
        Report report = new Report("obs", null, "local", null, Double.NaN, List.of(), List.of(),
                Map.of("broken_s", Double.POSITIVE_INFINITY));
        JsonNode json = written(report);

        assertThat(json.get("source").isNull()).isTrue();
        assertThat(json.get("startedAt").isNull()).isTrue();
        assertThat(json.get("totalSeconds").isNull()).isTrue();
        assertThat(json.get("figures").get("broken_s").isNull()).isTrue();
        assertThat(json.get("summary").get("passed").asInt()).isZero();
    }

    @Test
    void isPrettyPrintedWithUnixLineEnds() throws IOException {
        written(SampleReports.mixed());
        String text = Files.readString(dir.resolve("report.json"), StandardCharsets.UTF_8);

        assertThat(text).startsWith("{\n  \"topology\": \"obs\",\n").endsWith("}\n").doesNotContain("\r")
                .contains("\"evidence\": []");
    }

    @Test
    void roundsToThreeDecimalsWithoutNegativeZero() {
        assertThat(ReportJson.round3(1.2345)).isEqualTo(1.235);
        assertThat(ReportJson.round3(-0.0001)).isEqualTo(0.0);
        assertThat(Double.toString(ReportJson.round3(-0.0001))).isEqualTo("0.0");
    }
}
