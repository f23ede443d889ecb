package io.stackgate.model.render;

import io.stackgate.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the rendered configuration will run, which decides how nodes find each other: on AWS the
 * stack's own tiers are found by EC2 discovery (tags {@code Stack} and {@code Tier}); in the local
 * replica every node is a process on loopback at a known port.
 */
public sealed interface Deployment permits Deployment.Aws, Deployment.Local {

    /** The directory that holds {@code config/} on the nodes. */
    String configDir();

    /** The URL Grafana's datasource uses: the internal Prometheus load balancer. */
    String prometheusUrl();

    /**
     * AWS: the internal load balancer answers at {@code prometheus.<name>.internal} (a private
     * Route 53 record the Terraform load-balancing module creates). The shared bundle lives on EFS or
     * in the S3-synced copy; the Ansible roles check each tier's part and activate it under
     * {@code /etc/stackgate/<tier>/}, which is where the nodes read it from.
     */
    record Aws(String configDir, String prometheusUrl) implements Deployment {
        /** Where the Ansible roles activate the checked config on every node. */
        public static final String ACTIVE_CONFIG_DIR = "/etc/stackgate";

        public static Aws of(Topology t) {
            return new Aws(ACTIVE_CONFIG_DIR, "http://prometheus." + t.name() + ".internal:9090");
        }
    }

    /**
     * The local replica: every address is on loopback. {@code jobTargets} maps each user scrape job to
     * the stand-in targets that replace its EC2-discovered or static targets. {@code tempo} compresses
     * the stack's clocks so that checks run in seconds.
     */
    record Local(String configDir, List<Endpoint> prometheus, List<AlertmanagerEndpoint> alertmanagers,
            List<Endpoint> grafana, Map<String, List<String>> jobTargets, Endpoint prometheusLb,
            Endpoint publicLb, Endpoint alertmanagerLb, Endpoint lbStats, Endpoint globalPrometheus,
            Endpoint harness, String webhookUrl, Tempo tempo) implements Deployment {
        public Local {
            Objects.requireNonNull(configDir, "configDir");
            prometheus = List.copyOf(prometheus);
            alertmanagers = List.copyOf(alertmanagers);
            grafana = List.copyOf(grafana);
            jobTargets = Map.copyOf(jobTargets);
            Objects.requireNonNull(prometheusLb, "prometheusLb");
            Objects.requireNonNull(publicLb, "publicLb");
            Objects.requireNonNull(alertmanagerLb, "alertmanagerLb");
            Objects.requireNonNull(lbStats, "lbStats");
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            Objects.requireNonNull(tempo, "tempo");
        }

        @Override
        public String prometheusUrl() {
            return "http://" + prometheusLb;
        }
    }

    /** A loopback address. */
    record Endpoint(String host, int port) {
        public Endpoint {
            if (!host.startsWith("127.") && !host.equals("localhost")) {
                throw new IllegalArgumentException("local endpoints are loopback only, got " + host);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        public static Endpoint loopback(int port) {
            return new Endpoint("127.0.0.1", port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** An Alertmanager's HTTP and gossip addresses. */
    record AlertmanagerEndpoint(Endpoint web, Endpoint cluster) {
    }

    /**
     * Compressed clocks for the local replica, so that checks run in seconds. {@code null} fields keep
     * the topology's value.
     *
     * @param scrapeIntervalSeconds scrape and rule evaluation interval
     * @param alertForSeconds cap on every alert's {@code for}
     * @param checkIntervalMillis load balancer health-check interval
     * @param lbTimeoutMillis load balancer server and check timeout
     * @param groupWaitSeconds Alertmanager group_wait
     * @param groupIntervalSeconds Alertmanager group_interval
     */
    record Tempo(Integer scrapeIntervalSeconds, Integer alertForSeconds, Integer checkIntervalMillis,
            Integer lbTimeoutMillis, Integer groupWaitSeconds, Integer groupIntervalSeconds) {
        /** The topology's own clocks. */
        public static Tempo topology() {
            return new Tempo(null, null, null, null, null, null);
        }

        /** The local replica's clocks: 1 s scrapes, 1 s alert holds, 250 ms health checks. */
        public static Tempo fast() {
            return new Tempo(1, 1, 250, 1_000, 1, 3);
        }
    }
}
