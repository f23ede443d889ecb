package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Fixtures;
import io.stackgate.model.Secret;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final Renderer renderer = new Renderer();

    @Test
    void sameTopologyGivesByteIdenticalBundles() {
        Bundle a = renderer.render(Fixtures.example("seed-2az.yaml"));
        Bundle b = renderer.render(Fixtures.example("seed-2az.yaml"));
        assertThat(a.files().keySet()).isEqualTo(b.files().keySet());
        a.files().forEach((path, bytes) -> assertThat(Arrays.equals(bytes, b.files().get(path)))
                .as("bytes of %s", path).isTrue());
    }

    @Test
    void bundleHasTheDesignLayout() {
        assertThat(renderer.render(Fixtures.example("seed-2az.yaml")).files().keySet()).containsExactly(
                "config/alertmanager/alertmanager.yml",
                "config/grafana/dashboards/stackgate-overview.json",
                "config/grafana/grafana.ini",
                "config/grafana/provisioning/dashboards/stackgate.yml",
                "config/grafana/provisioning/datasources/stackgate.yml",
                "config/haproxy/haproxy.cfg",
                "config/prometheus/prometheus.yml",
                "config/prometheus/rules/stackgate-meta.yml",
                "config/prometheus/rules/stackgate-slo.yml",
                "config/thanos/flags.yml");
    }

    @Test
    void replicaLabelComesFromTheEnvironmentAndIsDroppedFromAlerts() throws Exception {
        JsonNode prom = yaml(renderer.render(Fixtures.clean()), "config/prometheus/prometheus.yml");
        assertThat(prom.at("/global/external_labels/replica").asText()).isEqualTo("${REPLICA}");
        assertThat(prom.at("/alerting/alert_relabel_configs/0/action").asText()).isEqualTo("labeldrop");
        assertThat(prom.at("/alerting/alert_relabel_configs/0/regex").asText()).isEqualTo("replica");
    }

    @Test
    void keepingTheReplicaLabelLeavesAlertRelabelingOut() throws Exception {
        Topology t = Fixtures.clean().toBuilder().prometheus(p -> p.dropReplicaLabelOnAlerts(false)).build();
        JsonNode prom = yaml(renderer.render(t), "config/prometheus/prometheus.yml");
        assertThat(prom.at("/alerting/alert_relabel_configs").isMissingNode()).isTrue();
    }

    @Test
    void prometheusAddressesEveryAlertmanagerThroughDiscoveryNeverALoadBalancer() throws Exception {
        JsonNode am = yaml(renderer.render(Fixtures.clean()), "config/prometheus/prometheus.yml")
                .at("/alerting/alertmanagers/0");
        assertThat(am.at("/ec2_sd_configs/0/filters/1/values/0").asText()).isEqualTo("alertmanager");
        assertThat(am.has("static_configs")).isFalse();
    }

    @Test
    void theNotifyTimeoutIsPrometheusDefaultOnTheTopologysClockAndCompressedWithTheTempo() throws Exception {
        Topology t = Fixtures.example("seed-2az.yaml");
        JsonNode aws = yaml(renderer.render(t), "config/prometheus/prometheus.yml").at("/alerting/alertmanagers/0");
        assertThat(aws.has("timeout")).as("AWS keeps Prometheus' 10 s default").isFalse();
        Deployment.Local fast = LocalLayouts.sequential(t, "/tmp/cfg", 34_000, Deployment.Tempo.fast(),
                "http://127.0.0.1:33999/hook");
        JsonNode local = yaml(renderer.render(t, fast), "config/prometheus/prometheus.yml").at("/alerting/alertmanagers/0");
        // 10 s at 15 s scrapes is 0.67 s at 1 s scrapes: a whole second, never less
        assertThat(t.prometheus().scrapeInterval().seconds()).isEqualTo(15);
        assertThat(local.at("/timeout").asText()).isEqualTo("1s");
        Topology slow = t.toBuilder().prometheus(p -> p.scrapeInterval("2s")).build();
        Deployment.Local slowLayout = LocalLayouts.sequential(slow, "/tmp/cfg", 35_000, Deployment.Tempo.fast(),
                "http://127.0.0.1:34999/hook");
        assertThat(yaml(renderer.render(slow, slowLayout), "config/prometheus/prometheus.yml")
                .at("/alerting/alertmanagers/0/timeout").asText()).as("10 s × 1 s / 2 s").isEqualTo("5s");
    }

    @Test
    void loadBalancerRoutingIsRenderedAsTheMistakeItIs() throws Exception {
        Topology t = Fixtures.clean().toBuilder()
                .prometheus(p -> p.alertmanagers(AlertmanagerRouting.LOAD_BALANCER)).build();
        JsonNode am = yaml(renderer.render(t), "config/prometheus/prometheus.yml").at("/alerting/alertmanagers/0");
        assertThat(am.at("/static_configs/0/targets/0").asText()).isEqualTo("alertmanager.clean.internal:9093");
    }

    @Test
    void replicasScrapeEachOthersMetricsNotFederate() throws Exception {
        JsonNode jobs = yaml(renderer.render(Fixtures.clean()), "config/prometheus/prometheus.yml").at("/scrape_configs");
        assertThat(jobs.findValuesAsText("job_name")).containsExactly("prometheus", "alertmanager", "grafana", "node", "app");
        assertThat(jobs.findValuesAsText("metrics_path")).doesNotContain("/federate");
    }

    @Test
    void ec2DiscoveryJobFiltersAndKeepsByTag() throws Exception {
        JsonNode node = yaml(renderer.render(Fixtures.clean()), "config/prometheus/prometheus.yml").at("/scrape_configs/3");
        assertThat(node.at("/ec2_sd_configs/0/port").asInt()).isEqualTo(9100);
        assertThat(node.at("/ec2_sd_configs/0/filters/0/name").asText()).isEqualTo("tag:monitoring");
        assertThat(node.at("/relabel_configs/0/source_labels/0").asText()).isEqualTo("__meta_ec2_tag_monitoring");
        assertThat(node.at("/relabel_configs/0/action").asText()).isEqualTo("keep");
    }

    @Test
    void globalFederationAddsAGlobalLayerThatFederatesEveryReplica() throws Exception {
        Bundle b = renderer.render(Fixtures.example("three-az.yaml"));
        JsonNode global = yaml(b, "config/prometheus-global/prometheus.yml");
        assertThat(global.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/federate");
        assertThat(global.at("/scrape_configs/0/honor_labels").asBoolean()).isTrue();
        assertThat(global.at("/scrape_configs/0/ec2_sd_configs/0/filters/1/values/0").asText()).isEqualTo("prometheus");
        JsonNode replicas = yaml(b, "config/prometheus/prometheus.yml").at("/scrape_configs");
        assertThat(replicas.findValuesAsText("metrics_path")).doesNotContain("/federate");
    }

    @Test
    void mutualFederationMakesTheReplicasFederateEachOther() throws Exception {
        Topology t = Fixtures.clean().toBuilder().prometheus(p -> p.federation(FederationMode.MUTUAL)).build();
        JsonNode jobs = yaml(renderer.render(t), "config/prometheus/prometheus.yml").at("/scrape_configs");
        assertThat(jobs.findValuesAsText("metrics_path")).contains("/federate");
    }

    @Test
    void literalSecretsAreNeverWritten() {
        Topology t = Fixtures.clean().toBuilder().grafana(g -> g.adminPassword(Secret.literal("s3cr3t-admin"))
                .database(new Database(DatabaseEngine.POSTGRES, Secret.literal("s3cr3t-db")))).build();
        Bundle b = renderer.render(t);
        b.files().forEach((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(path)
                .doesNotContain("s3cr3t"));
        assertThat(b.text("config/grafana/grafana.ini"))
                .contains("admin_password = $__env{GF_SECURITY_ADMIN_PASSWORD}")
                .contains("password = $__env{GF_DATABASE_PASSWORD}");
    }

    @Test
    void grafanaUsesTheSharedDatabaseAndHaPeers() {
        String ini = renderer.render(Fixtures.clean()).text("config/grafana/grafana.ini");
        assertThat(ini).contains("[database]\ntype = postgres\n").contains("[remote_cache]\ntype = database\n")
                .contains("ha_peers = ").contains("[unified_alerting]\nenabled = true\n");
    }

    @Test
    void datasourcePointsAtTheQueryTierWithAFixedUid() throws Exception {
        JsonNode ds = yaml(renderer.render(Fixtures.clean()), "config/grafana/provisioning/datasources/stackgate.yml")
                .at("/datasources/0");
        assertThat(ds.get("uid").asText()).isEqualTo("stackgate-prometheus");
        assertThat(ds.get("isDefault").asBoolean()).isTrue();
        assertThat(ds.get("version").asInt()).isEqualTo(1);
        assertThat(ds.get("url").asText()).isEqualTo("http://query.clean.internal:9090");
    }

    @Test
    void withoutAQueryTierTheDatasourcePointsAtTheInternalPrometheusBalancer() throws Exception {
        Topology t = Fixtures.clean().toBuilder().query(Query.none()).build();
        JsonNode ds = yaml(renderer.render(t), "config/grafana/provisioning/datasources/stackgate.yml").at("/datasources/0");
        assertThat(ds.get("url").asText()).isEqualTo("http://prometheus.clean.internal:9090");
        assertThat(renderer.render(t).has("config/thanos/flags.yml")).isFalse();
    }

    @Test
    void dashboardShowsAlertsAndKeyFiguresFirstThenOneRowPerTier() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(renderer.render(Fixtures.clean())
                .text("config/grafana/dashboards/stackgate-overview.json"));
        JsonNode panels = dash.get("panels");
        assertThat(panels.get(0).get("type").asText()).isEqualTo("alertlist");
        assertThat(panels.get(0).at("/gridPos/y").asInt()).isZero();
        List<String> rows = panels.findParents("type").stream().filter(p -> p.get("type").asText().equals("row"))
                .map(p -> p.get("title").asText()).toList();
        assertThat(rows).containsExactly("Prometheus", "Alertmanager", "Grafana", "Hosts and targets");
        panels.forEach(p -> {
            if (!List.of("row", "alertlist").contains(p.get("type").asText())) {
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("stackgate-prometheus");
            }
        });
    }

    @Test
    void alertmanagerRoutesWatchdogToANullReceiver() throws Exception {
        JsonNode am = yaml(renderer.render(Fixtures.clean()), "config/alertmanager/alertmanager.yml");
        assertThat(am.at("/route/routes/0/matchers/0").asText()).isEqualTo("alertname=\"Watchdog\"");
        assertThat(am.at("/route/routes/0/receiver").asText()).isEqualTo("watchdog");
        JsonNode watchdog = am.get("receivers").get(1);
        assertThat(watchdog.get("name").asText()).isEqualTo("watchdog");
        assertThat(watchdog.size()).as("a receiver with no integration").isEqualTo(1);
    }

    @Test
    void localLayoutUsesLoopbackAndTheWebhookSink() throws Exception {
        Topology t = Fixtures.example("seed-2az.yaml");
        Deployment.Local local = LocalLayouts.sequential(t, "/tmp/cfg", 30_000,
                new Deployment.Tempo(1, 5, 500, 1_000, 1, 3), "http://127.0.0.1:29999/hook");
        Bundle b = renderer.render(t, local);
        String all = String.join("\n", b.files().values().stream().map(x -> new String(x, StandardCharsets.UTF_8)).toList());
        assertThat(all).doesNotContain("ec2_sd_configs").doesNotContain("hooks.example.com");
        JsonNode am = yaml(b, "config/alertmanager/alertmanager.yml");
        assertThat(am.at("/receivers/0/webhook_configs/0/url").asText()).isEqualTo("http://127.0.0.1:29999/hook/ops");
        JsonNode targets = new ObjectMapper().readTree(b.text("config/prometheus/targets/node.json"));
        assertThat(targets.at("/0/targets").size()).isEqualTo(2);
        assertThat(b.text("config/haproxy/haproxy.cfg")).contains("inter 500ms");
        JsonNode prom = yaml(b, "config/prometheus/prometheus.yml");
        assertThat(prom.at("/global/scrape_interval").asText()).isEqualTo("1s");
        JsonNode rules = yaml(b, "config/prometheus/rules/stackgate-meta.yml");
        assertThat(rules.at("/groups/0/rules/1/for").asText()).isEqualTo("5s");
    }

    private static JsonNode yaml(Bundle b, String path) throws Exception {
        return YAML.readTree(b.text(path));
    }
}
