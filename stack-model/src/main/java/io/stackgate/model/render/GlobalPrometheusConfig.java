package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.Topology;
import java.util.List;
import java.util.Map;

/**
 * The global federation layer ({@code federation.mode: global}): one Prometheus that pulls
 * {@code /federate} from every replica, keeping each replica's labels ({@code honor_labels}), so that
 * cross-stack queries see every replica and deduplicate on the replica label.
 */
final class GlobalPrometheusConfig {
    private GlobalPrometheusConfig() {
    }

    static String render(Topology t, Deployment d) {
        Map<String, Object> job = PrometheusConfig.federateJob(t, "federate");
        job.putAll(PrometheusConfig.targets(t, d, "prometheus", 9090));
        Map<String, Object> self = map("job_name", "prometheus-global", "static_configs",
                List.of(map("targets", List.of(d instanceof Deployment.Local l && l.globalPrometheus() != null
                        ? l.globalPrometheus().toString() : "localhost:9090"))));
        Map<String, Object> root = map(
                "global", map("scrape_interval", Tempos.scrapeInterval(t, d),
                        "evaluation_interval", Tempos.evaluationInterval(t, d),
                        "external_labels", map("stack", t.name(), "federation", "global")),
                "scrape_configs", List.of(job, self));
        return Yaml.write(Yaml.header("Global federation layer", t.name()), root);
    }
}
