package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Prometheus;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.AlertmanagerEndpoint;
import io.stackgate.model.render.Deployment.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one {@code prometheus.yml} every replica reads. The replica label comes from the environment
 * ({@code ${REPLICA}}, expanded with {@code --enable-feature=expand-external-labels} on 2.x) and is
 * dropped from alerts, so Alertmanager sees one alert where N replicas fire it.
 */
public final class PrometheusConfig {
    static final String TARGETS_DIR = "targets";
    /** The local verifier's own endpoint, scraped for its probe metrics. */
    public static final String HARNESS_JOB = "stackgate-harness";

    private PrometheusConfig() {
    }

    static String render(Topology t, Deployment d) {
        Prometheus p = t.prometheus();
        Map<String, Object> root = map(
                "global", map(
                        "scrape_interval", Tempos.scrapeInterval(t, d),
                        "evaluation_interval", Tempos.evaluationInterval(t, d),
                        "external_labels", map("stack", t.name(), p.replicaLabel(), "${REPLICA}")),
                "rule_files", List.of("rules/*.yml"),
                "alerting", alerting(t, d),
                "scrape_configs", scrapeConfigs(t, d));
        return Yaml.write(Yaml.header("Prometheus configuration shared by every replica", t.name())
                + "# Start each replica with REPLICA=<unique id> and --enable-feature=expand-external-labels.\n", root);
    }

    private static Map<String, Object> alerting(Topology t, Deployment d) {
        Prometheus p = t.prometheus();
        List<Object> relabel = new ArrayList<>();
        if (p.dropReplicaLabelOnAlerts()) {
            relabel.add(map("action", "labeldrop", "regex", p.replicaLabel()));
        }
        Map<String, Object> am;
        if (p.alertmanagers() == AlertmanagerRouting.LOAD_BALANCER) {
            String lb = d instanceof Deployment.Local l ? l.alertmanagerLb().toString()
                    : "alertmanager." + t.name() + ".internal:9093";
            am = map("static_configs", List.of(map("targets", List.of(lb))));
        } else if (d instanceof Deployment.Local l) {
            am = map("static_configs", List.of(map("targets",
                    l.alertmanagers().stream().map(a -> a.web().toString()).toList())));
        } else {
            am = ec2Tier(t, d, "alertmanager", 9093);
        }
        String timeout = Tempos.notifyTimeout(t, d);
        if (timeout != null) {
            am.put("timeout", timeout);
        }
        return map("alert_relabel_configs", relabel.isEmpty() ? null : relabel, "alertmanagers", List.of(am));
    }

    private static List<Object> scrapeConfigs(Topology t, Deployment d) {
        List<Object> jobs = new ArrayList<>();
        // Meta-monitoring: the replicas scrape each other's /metrics (never /federate).
        jobs.add(tierJob(t, d, "prometheus", 9090));
        jobs.add(tierJob(t, d, "alertmanager", 9093));
        jobs.add(tierJob(t, d, "grafana", 3000));
        for (ScrapeJob job : t.prometheus().scrapeJobs()) {
            jobs.add(userJob(t, d, job));
        }
        String harness = harness(d);
        if (harness != null) {
            // honor_labels: each probe series carries its own job label, so each probe alert is a group of its own
            jobs.add(map("job_name", HARNESS_JOB, "honor_labels", true, "scrape_interval", Tempos.PROBE_INTERVAL,
                    "scrape_timeout", Tempos.PROBE_INTERVAL, "static_configs", List.of(map("targets", List.of(harness)))));
        }
        if (t.prometheus().federation().mode() == FederationMode.MUTUAL) {
            // The seed's mistake, rendered faithfully so that the local replica can prove its effect.
            Map<String, Object> fed = federateJob(t, "federate");
            fed.putAll(targets(t, d, "prometheus", 9090));
            jobs.add(fed);
        }
        return jobs;
    }

    /** The verifier's probe endpoint ({@code host:port}) when the deployment has one (local or emulated), else null. */
    static String harness(Deployment d) {
        if (d instanceof Deployment.Local l && l.harness() != null) {
            return l.harness().toString();
        }
        if (d instanceof Deployment.Aws a && a.isEmulated()) {
            return a.emulation().harness();
        }
        return null;
    }

    static Map<String, Object> federateJob(Topology t, String name) {
        return map("job_name", name, "honor_labels", true, "metrics_path", "/federate",
                "params", map("match[]", t.prometheus().federation().match()));
    }

    private static Map<String, Object> tierJob(Topology t, Deployment d, String tier, int port) {
        Map<String, Object> job = map("job_name", tier);
        job.putAll(targets(t, d, tier, port));
        return job;
    }

    /** How a tier's instances are found: EC2 tags on AWS, a static loopback list locally. */
    static Map<String, Object> targets(Topology t, Deployment d, String tier, int port) {
        if (d instanceof Deployment.Local l) {
            List<String> addrs = switch (tier) {
                case "prometheus" -> l.prometheus().stream().map(Endpoint::toString).toList();
                case "alertmanager" -> l.alertmanagers().stream().map(AlertmanagerEndpoint::web)
                        .map(Endpoint::toString).toList();
                case "grafana" -> l.grafana().stream().map(Endpoint::toString).toList();
                default -> throw new IllegalArgumentException(tier);
            };
            return map("static_configs", List.of(map("targets", addrs)));
        }
        return ec2Tier(t, d, tier, port);
    }

    private static Map<String, Object> ec2Tier(Topology t, Deployment d, String tier, int port) {
        Map<String, Object> sd = map("region", t.region(), "port", port, "refresh_interval", "60s",
                "filters", List.of(
                        map("name", "tag:Stack", "values", List.of(t.name())),
                        map("name", "tag:Tier", "values", List.of(tier)),
                        map("name", "instance-state-name", "values", List.of("running"))));
        return map("ec2_sd_configs", List.of(emulated(sd, d)), "relabel_configs", ec2Relabel());
    }

    /**
     * An {@code ec2_sd_configs} entry as the emulated deployment needs it: the emulator's endpoint and dummy
     * keys, its refresh interval; unchanged for AWS.
     */
    private static Map<String, Object> emulated(Map<String, Object> sd, Deployment d) {
        if (!(d instanceof Deployment.Aws a) || !a.isEmulated()) {
            return sd;
        }
        Deployment.Emulation e = a.emulation();
        Map<String, Object> out = map("endpoint", e.endpoint(), "access_key", e.accessKey(), "secret_key", e.secretKey());
        out.putAll(sd);
        out.put("refresh_interval", e.discoveryRefreshSeconds() + "s");
        return out;
    }

    /** Keeps the instance id and AZ as labels; the address stays the private IP. */
    private static List<Object> ec2Relabel() {
        return List.of(
                map("source_labels", List.of("__meta_ec2_instance_id"), "target_label", "instance_id"),
                map("source_labels", List.of("__meta_ec2_availability_zone"), "target_label", "az"));
    }

    private static Map<String, Object> userJob(Topology t, Deployment d, ScrapeJob job) {
        Map<String, Object> out = map("job_name", job.name());
        if (!"/metrics".equals(job.metricsPath())) {
            out.put("metrics_path", job.metricsPath());
        }
        if (d instanceof Deployment.Local) {
            // EC2-discovered and static targets alike become file-based discovery of loopback stand-ins.
            out.put("file_sd_configs", List.of(map("files", List.of(TARGETS_DIR + "/" + job.name() + ".json"),
                    "refresh_interval", "5s")));
        } else if (job.ec2Discovery() != null) {
            var e = job.ec2Discovery();
            out.put("ec2_sd_configs", List.of(emulated(map("region", t.region(), "port", e.port(),
                    "refresh_interval", e.refreshInterval().text(),
                    "filters", List.of(map("name", "tag:" + e.tagKey(), "values", List.of(e.tagValue())),
                            map("name", "instance-state-name", "values", List.of("running")))), d)));
            List<Object> relabel = new ArrayList<>();
            relabel.add(map("source_labels", List.of(e.metaLabel()), "regex", re2Quote(e.tagValue()), "action", "keep"));
            relabel.addAll(ec2Relabel());
            out.put("relabel_configs", relabel);
        } else {
            out.put("static_configs", List.of(map("targets", job.staticTargets())));
        }
        return out;
    }

    /** Escapes RE2 metacharacters so that a tag value matches literally. */
    static String re2Quote(String s) {
        return s.replaceAll("([\\\\.+*?()|\\[\\]{}^$])", "\\\\$1");
    }
}
