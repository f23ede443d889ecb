package io.stackgate.model.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.model.FederationMode;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders a topology into the config bundle of DESIGN.md ({@code config/prometheus/…},
 * {@code config/alertmanager/…}, {@code config/grafana/…}, {@code config/haproxy/haproxy.cfg}; with a query
 * tier {@code config/thanos/flags.yml} for AWS hosts, {@code config/thanos/stores.yml} for a local replica).
 * Pure and deterministic: the same topology and deployment give the same bytes.
 */
public final class Renderer {
    /** First port of the layout used for {@code haproxy.cfg} in a generated (AWS) bundle. */
    public static final int DEFAULT_LOCAL_BASE_PORT = 19_090;

    /** The bundle for AWS, plus {@code haproxy.cfg} for a local replica on the default ports. */
    public Bundle render(Topology t) {
        Deployment.Aws aws = Deployment.Aws.of(t);
        Deployment.Local local = LocalLayouts.sequential(t, aws.configDir(), DEFAULT_LOCAL_BASE_PORT,
                Deployment.Tempo.topology(), "http://127.0.0.1:" + (DEFAULT_LOCAL_BASE_PORT - 1));
        Bundle.Builder b = common(t, aws).text("config/haproxy/haproxy.cfg", HaproxyConfig.render(t, local));
        if (t.query().enabled()) {
            b.text("config/" + ThanosFlags.FLAGS_FILE, ThanosFlags.awsFlagsFile(t, aws));
        }
        return b.build();
    }

    /**
     * The bundle for an AWS deployment as the nodes read it (no {@code haproxy.cfg}: AWS balances with ALBs):
     * {@link Deployment.Aws#emulated emulated} for the {@code emulated} target.
     */
    public Bundle render(Topology t, Deployment.Aws aws) {
        Bundle.Builder b = common(t, aws);
        if (t.query().enabled()) {
            b.text("config/" + ThanosFlags.FLAGS_FILE, ThanosFlags.awsFlagsFile(t, aws));
        }
        return b.build();
    }

    /**
     * {@code haproxy.cfg} for {@code local}: the ALB-faithful balancer of the local replica, which the
     * {@code emulated} target also runs (with its own layout of registered targets).
     */
    public String haproxyConfig(Topology t, Deployment.Local local) {
        return HaproxyConfig.render(t, local);
    }

    /** The bundle for a local replica: loopback addresses, file-based discovery of stand-in targets. */
    public Bundle render(Topology t, Deployment.Local local) {
        Bundle.Builder b = common(t, local).text("config/haproxy/haproxy.cfg", HaproxyConfig.render(t, local));
        if (local.hasQueryTier()) {
            b.text("config/" + Deployment.Local.THANOS_STORES_FILE, ThanosFlags.localEndpoints(t, local));
        }
        ObjectMapper json = new ObjectMapper();
        for (ScrapeJob job : t.prometheus().scrapeJobs()) {
            List<String> targets = local.jobTargets().getOrDefault(job.name(), List.of());
            try {
                String content = json.writeValueAsString(List.of(Map.of("targets", targets)));
                b.text("config/prometheus/" + PrometheusConfig.TARGETS_DIR + "/" + job.name() + ".json", content + "\n");
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.build();
    }

    private static Bundle.Builder common(Topology t, Deployment d) {
        Bundle.Builder b = Bundle.builder()
                .text("config/prometheus/prometheus.yml", PrometheusConfig.render(t, d))
                .text("config/alertmanager/alertmanager.yml", AlertmanagerConfig.render(t, d))
                .text("config/grafana/grafana.ini", GrafanaConfig.ini(t, d))
                .text("config/grafana/provisioning/datasources/stackgate.yml", GrafanaConfig.datasources(t, d))
                .text("config/grafana/provisioning/dashboards/stackgate.yml", GrafanaConfig.dashboardProviders(t, d))
                .text("config/grafana/dashboards/" + Dashboards.OVERVIEW_UID + ".json", Dashboards.overview(t));
        RuleFiles.render(t, d).forEach((name, content) -> b.text("config/prometheus/rules/" + name, content));
        if (t.prometheus().federation().mode() == FederationMode.GLOBAL) {
            b.text("config/prometheus-global/prometheus.yml", GlobalPrometheusConfig.render(t, d));
        }
        return b;
    }
}
