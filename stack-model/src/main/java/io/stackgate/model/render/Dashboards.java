package io.stackgate.model.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import java.io.UncheckedIOException;

/**
 * The "stack overview" dashboard: firing alerts and the key figures at the top, then one row per
 * tier (Prometheus, Alertmanager, Grafana, then the scraped hosts).
 */
final class Dashboards {
    static final String OVERVIEW_UID = "stackgate-overview";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final ArrayNode panels = JSON.createArrayNode();
    private int nextId = 1;
    private int y;

    private Dashboards() {
    }

    static String overview(Topology t) {
        Dashboards d = new Dashboards();
        d.build(t);
        ObjectNode root = JSON.createObjectNode();
        root.put("uid", OVERVIEW_UID);
        root.put("title", t.name() + " — stack overview");
        root.putArray("tags").add("stackgate").add(t.name());
        root.put("timezone", "utc");
        root.put("schemaVersion", 39);
        root.put("version", 1);
        root.put("editable", false);
        root.put("refresh", "30s");
        ObjectNode time = root.putObject("time");
        time.put("from", "now-6h");
        time.put("to", "now");
        root.set("panels", d.panels);
        try {
            return JSON.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build(Topology t) {
        ObjectNode alerts = panel("alertlist", "Firing alerts", 0, 8, 8);
        ObjectNode opts = alerts.putObject("options");
        opts.put("showOptions", "current");
        opts.put("maxItems", 20);
        opts.put("onlyAlertsOnDashboard", false);
        opts.putObject("stateFilter").put("firing", true).put("pending", true);
        stat("Prometheus replicas up", "sum(up{job=\"prometheus\"})", 8, 0, "none");
        stat("Alertmanager cluster size", "max(alertmanager_cluster_members{job=\"alertmanager\"})", 12, 0, "none");
        stat("Targets up", "sum(up) / count(up)", 16, 0, "percentunit");
        stat("Firing alerts", "count(ALERTS{alertstate=\"firing\",alertname!=\"Watchdog\"}) or vector(0)", 20, 0, "none");
        stat("Config reloads OK", "min(prometheus_config_last_reload_successful{job=\"prometheus\"})", 8, 4, "none");
        stat("Query error budget burn (1h)", "slo:prometheus_query_errors:ratio_rate1h / " + (1 - RuleFiles.SLO_TARGET),
                12, 4, "none");
        stat("Notifications failed (1h)", "sum(increase(alertmanager_notifications_failed_total[1h])) or vector(0)",
                16, 4, "none");
        stat("Grafana replicas up", "sum(up{job=\"grafana\"})", 20, 4, "none");
        y = 8;
        row("Prometheus");
        series("Samples ingested / s", "sum by (instance) (rate(prometheus_tsdb_head_samples_appended_total{job=\"prometheus\"}[5m]))", 0);
        series("Head series", "prometheus_tsdb_head_series{job=\"prometheus\"}", 8);
        series("Rule evaluation failures / s", "sum by (instance) (rate(prometheus_rule_evaluation_failures_total{job=\"prometheus\"}[5m]))", 16);
        y += 9;
        row("Alertmanager");
        series("Notifications sent / s", "sum by (integration) (rate(alertmanager_notifications_total{job=\"alertmanager\"}[5m]))", 0);
        series("Notifications failed / s", "sum by (integration) (rate(alertmanager_notifications_failed_total{job=\"alertmanager\"}[5m]))", 8);
        series("Cluster members", "alertmanager_cluster_members{job=\"alertmanager\"}", 16);
        y += 9;
        row("Grafana");
        series("Requests / s by status", "sum by (status_code) (rate(grafana_http_request_duration_seconds_count{job=\"grafana\"}[5m]))", 0);
        series("Instances up", "up{job=\"grafana\"}", 8);
        series("Alerting: active alerts", "sum(grafana_alerting_alerts{job=\"grafana\"}) or vector(0)", 16);
        y += 9;
        row("Hosts and targets");
        StringBuilder jobs = new StringBuilder();
        for (ScrapeJob j : t.prometheus().scrapeJobs()) {
            jobs.append(jobs.length() == 0 ? "" : "|").append(PrometheusConfig.re2Quote(j.name()));
        }
        String sel = jobs.length() == 0 ? "job!=\"\"" : "job=~\"" + jobs + "\"";
        series("Targets up by job", "sum by (job) (up{" + sel + "})", 0);
        series("CPU busy by instance", "1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"," + sel + "}[5m]))", 8);
        series("Scrape duration (s)", "max by (job) (scrape_duration_seconds{" + sel + "})", 16);
    }

    private ObjectNode panel(String type, String title, int x, int w, int h) {
        ObjectNode p = panels.addObject();
        p.put("id", nextId++);
        p.put("type", type);
        p.put("title", title);
        ObjectNode pos = p.putObject("gridPos");
        pos.put("x", x);
        pos.put("y", y);
        pos.put("w", w);
        pos.put("h", h);
        return p;
    }

    private void stat(String title, String expr, int x, int yOffset, String unit) {
        int saved = y;
        y = yOffset;
        ObjectNode p = panel("stat", title, x, 4, 4);
        y = saved;
        datasource(p);
        target(p, expr);
        p.putObject("fieldConfig").putObject("defaults").put("unit", unit);
    }

    private void series(String title, String expr, int x) {
        ObjectNode p = panel("timeseries", title, x, 8, 8);
        ((ObjectNode) p.get("gridPos")).put("y", y + 1);
        datasource(p);
        target(p, expr);
    }

    private void row(String title) {
        ObjectNode p = panel("row", title, 0, 24, 1);
        p.put("collapsed", false);
        p.putArray("panels");
    }

    private static void datasource(ObjectNode p) {
        p.putObject("datasource").put("type", "prometheus").put("uid", GrafanaConfig.DATASOURCE_UID);
    }

    private static void target(ObjectNode p, String expr) {
        ObjectNode t = p.putArray("targets").addObject();
        t.put("refId", "A");
        t.putObject("datasource").put("type", "prometheus").put("uid", GrafanaConfig.DATASOURCE_UID);
        t.put("expr", expr);
    }
}
