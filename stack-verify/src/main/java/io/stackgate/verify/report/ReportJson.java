package io.stackgate.verify.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Timeline;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report.json}: the DESIGN.md contract, with keys in a fixed order, figures sorted by name,
 * every double rounded to 3 decimals and "\n" line ends on every platform, so the same Report
 * always gives the same bytes.
 */
final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private ReportJson() {
    }

    static byte[] render(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("topology", report.topology());
        root.put("source", report.source());
        root.put("target", report.target());
        root.put("startedAt", report.startedAt());
        putRounded(root, "totalSeconds", report.totalSeconds());

        ObjectNode summary = root.putObject("summary");
        summary.put("passed", report.count(Status.PASSED));
        summary.put("failed", report.count(Status.FAILED));
        summary.put("skipped", report.count(Status.SKIPPED));

        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : report.checks()) {
            ObjectNode c = checks.addObject();
            c.put("name", check.name());
            c.put("status", check.status().name());
            putRounded(c, "seconds", check.seconds());
            c.put("detail", check.detail());
            ArrayNode evidence = c.putArray("evidence");
            check.evidence().forEach(evidence::add);
        }

        ObjectNode failover = root.putObject("failover");
        for (Map.Entry<String, Timeline> e : Timelines.byUniqueName(report.timelines()).entrySet()) {
            failover.set(e.getKey(), timeline(e.getValue()));
        }

        ObjectNode figures = root.putObject("figures");
        new TreeMap<>(report.figures()).forEach((name, value) -> putRounded(figures, name, value));

        try {
            return (WRITER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises; reaching this is a bug, not a user error
            throw new IllegalStateException("could not serialise report.json", e);
        }
    }

    private static ObjectNode timeline(Timeline timeline) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("fault", timeline.fault());
        putRounded(t, "faultAtSeconds", timeline.faultAtSeconds());
        putRounded(t, "ejectedAtSeconds", timeline.ejectedAtSeconds());
        putRounded(t, "recoveredAtSeconds", timeline.recoveredAtSeconds());
        t.put("requests", timeline.requests());
        t.put("failures", timeline.failures());
        putRounded(t, "bucketSeconds", timeline.bucketSeconds());
        ArrayNode samples = t.putArray("timeline");
        for (Timeline.Sample sample : timeline.samples()) {
            ObjectNode s = samples.addObject();
            putRounded(s, "t", sample.t());
            s.put("requests", sample.requests());
            s.put("failures", sample.failures());
            if (sample.maxMs() != null) {
                putRounded(s, "p50Ms", sample.p50Ms());
                putRounded(s, "p99Ms", sample.p99Ms());
                putRounded(s, "maxMs", sample.maxMs());
            }
        }
        return t;
    }

    /** Writes {@code value} rounded to 3 decimals; null, NaN and infinities become JSON null. */
    private static void putRounded(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, round3(value));
        }
    }

    static double round3(double value) {
        double rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
        return rounded == 0.0 ? 0.0 : rounded; // no "-0.0"
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("")
                        .withObjectEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
