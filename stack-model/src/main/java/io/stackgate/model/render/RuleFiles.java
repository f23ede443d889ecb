package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerting and recording rules: a Watchdog that always fires, config-reload and HA-group health,
 * Alertmanager cluster health, target health, and a multi-window multi-burn-rate SLO on the
 * availability of the Prometheus query endpoint (99.9 %: 1h/5m at 14.4×, 6h/30m at 6×).
 */
final class RuleFiles {
    static final double SLO_TARGET = 0.999;
    static final String QUERY_HANDLERS = "/api/v1/query|/api/v1/query_range";

    private RuleFiles() {
    }

    /** File name (under {@code config/prometheus/rules/}) → content. */
    static Map<String, String> render(Topology t, Deployment d) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("stackgate-meta.yml", Yaml.write(Yaml.header("Meta-monitoring alerts", t.name()),
                map("groups", List.of(map("name", "stackgate-meta", "rules", metaRules(t, d))))));
        files.put("stackgate-slo.yml", Yaml.write(Yaml.header("Query availability SLO", t.name()),
                map("groups", List.of(map("name", "stackgate-slo-recording", "rules", sloRecording()),
                        map("name", "stackgate-slo-alerts", "rules", sloAlerts(d))))));
        if (PrometheusConfig.harness(d) != null) {
            files.put("stackgate-probe.yml", Yaml.write(Yaml.header("Probe alert of the local verifier", t.name()),
                    map("groups", List.of(map("name", "stackgate-probe", "interval", Tempos.PROBE_INTERVAL, "rules", List.of(alert("StackgateProbe",
                            "stackgate_probe{job=~\"stackgate-probe-.+\"} > 0", null, "warning",
                            "Verifier probe {{ $labels.probe }} is raised.",
                            "Raised on purpose by stackgate verify to prove alert delivery.")))))));
        }
        return files;
    }

    private static List<Object> metaRules(Topology t, Deployment d) {
        List<Object> rules = new ArrayList<>();
        rules.add(alert("Watchdog", "vector(1)", null, "none",
                "Always firing: proves the alerting pipeline end to end.",
                "This alert fires all the time. If the receiver stops getting it, Prometheus or Alertmanager "
                        + "is broken. It is routed to a null receiver and never pages."));
        rules.add(alert("PrometheusBadConfig",
                "prometheus_config_last_reload_successful{job=\"prometheus\"} == 0",
                Tempos.alertFor(d, "10m"), "critical",
                "Prometheus {{ $labels.instance }} failed to reload its configuration.",
                "The shared configuration does not load on {{ $labels.instance }}; it keeps running the previous "
                        + "one. Run promtool check config on the shared file."));
        rules.add(alert("PrometheusReplicaDown", "up{job=\"prometheus\"} == 0", Tempos.alertFor(d, "5m"), "warning",
                "Prometheus replica {{ $labels.instance }} is down.",
                "A peer cannot scrape replica {{ $labels.instance }}; the other replicas still serve queries "
                        + "and alerts, but redundancy is reduced."));
        rules.add(alert("PrometheusHAGroupDown",
                "count by (job) (avg_over_time(up{job=\"prometheus\"}[5m]) < 0.5)\n"
                        + "/\ncount by (job) (up{job=\"prometheus\"}) > 0.5\n",
                Tempos.alertFor(d, "5m"), "critical",
                "More than half of the Prometheus replicas are down.",
                "{{ $value | humanizePercentage }} of the Prometheus replicas are down: one more failure loses "
                        + "the stack's monitoring."));
        rules.add(alert("AlertmanagerClusterFailedPeers",
                "max by (instance) (alertmanager_cluster_failed_peers{job=\"alertmanager\"}) > 0",
                Tempos.alertFor(d, "5m"), "warning",
                "Alertmanager {{ $labels.instance }} has failed gossip peers.",
                "Alertmanager {{ $labels.instance }} cannot reach {{ $value }} of its peers: notifications may be "
                        + "duplicated and silences may not propagate."));
        rules.add(alert("AlertmanagerDown", "up{job=\"alertmanager\"} == 0", Tempos.alertFor(d, "5m"), "warning",
                "Alertmanager {{ $labels.instance }} is down.",
                "Prometheus cannot reach Alertmanager {{ $labels.instance }}; the cluster still delivers "
                        + "through the other instances."));
        rules.add(alert("TargetDown",
                "100 * (count by (job) (up{job!~\"prometheus|alertmanager|grafana\"} == 0)"
                        + " / count by (job) (up{job!~\"prometheus|alertmanager|grafana\"})) > 10",
                Tempos.alertFor(d, "10m"), "warning",
                "{{ $value | humanize }}% of the {{ $labels.job }} targets are down.",
                "More than 10% of the targets of job {{ $labels.job }} cannot be scraped."));
        return rules;
    }

    private static List<Object> sloRecording() {
        List<Object> rules = new ArrayList<>();
        for (String window : List.of("5m", "30m", "1h", "6h")) {
            String sel = "job=\"prometheus\",handler=~\"" + QUERY_HANDLERS + "\"";
            rules.add(map("record", "slo:prometheus_query_errors:ratio_rate" + window,
                    "expr", "sum(rate(prometheus_http_requests_total{" + sel + ",code=~\"5..\"}[" + window + "]))\n"
                            + "/\nsum(rate(prometheus_http_requests_total{" + sel + "}[" + window + "]))\n"));
        }
        return rules;
    }

    private static List<Object> sloAlerts(Deployment d) {
        double budget = 1 - SLO_TARGET;
        return List.of(
                burn("PrometheusQueryErrorBudgetBurnFast", "1h", "5m", 14.4, budget, Tempos.alertFor(d, "2m"),
                        "critical", "2% of the monthly error budget in one hour"),
                burn("PrometheusQueryErrorBudgetBurnSlow", "6h", "30m", 6, budget, Tempos.alertFor(d, "15m"),
                        "warning", "5% of the monthly error budget in six hours"));
    }

    private static Object burn(String name, String longWindow, String shortWindow, double factor, double budget,
            String forDuration, String severity, String meaning) {
        String threshold = String.format(java.util.Locale.ROOT, "(%s * %.3f)", trim(factor), budget);
        String expr = "slo:prometheus_query_errors:ratio_rate" + longWindow + " > " + threshold + "\nand\n"
                + "slo:prometheus_query_errors:ratio_rate" + shortWindow + " > " + threshold + "\n";
        return alert(name, expr, forDuration, severity,
                "Prometheus queries fail " + trim(factor) + "× faster than the 99.9% SLO allows.",
                "The query error rate over " + longWindow + " and " + shortWindow + " burns " + meaning
                        + ". Check the replicas behind the internal load balancer.");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static Map<String, Object> alert(String name, String expr, String forDuration, String severity,
            String summary, String description) {
        return map("alert", name, "expr", expr, "for", forDuration,
                "labels", map("severity", severity),
                "annotations", map("summary", summary, "description", description));
    }
}
