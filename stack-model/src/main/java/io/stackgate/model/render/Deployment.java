package io.stackgate.model.render;

import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.LoadBalancers;
import io.stackgate.model.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the rendered configuration will run, which decides how nodes find each other: on AWS the
 * stack's own tiers are found by EC2 discovery (tags {@code Stack} and {@code Tier}); in the local
 * replica every node is a process on loopback at a known port.
 *
 * <p>Why one file over 300 lines: the sealed interface and the small records it is
 * made of (endpoints, the emulation, the balancer's clocks, the host plan) are one vocabulary the renderer
 * reads; each record is a few lines, and the local values are derived from their AWS counterparts.
 */
public sealed interface Deployment permits Deployment.Aws, Deployment.Local {

    /** The directory that holds {@code config/} on the nodes. */
    String configDir();

    /**
     * The URL Grafana's datasource uses: the query tier's balancer with {@code query.layer: thanos}, the
     * internal Prometheus balancer with {@code none}.
     */
    String datasourceUrl();

    /**
     * AWS: the internal load balancer answers at {@code prometheus.<name>.internal:9090} and, with a
     * query tier, at {@code query.<name>.internal:9090} (private Route 53 records the Terraform
     * load-balancing module creates; one listener, a host-header rule per tier). The shared bundle lives
     * on EFS or in the S3-synced copy; the Ansible roles check each tier's part and activate it under
     * {@code /etc/stackgate/<tier>/}, which is where the nodes read it from.
     */
    record Aws(String configDir, String datasourceUrl, Emulation emulation) implements Deployment {
        /** Where the Ansible roles activate the checked config on every node. */
        public static final String ACTIVE_CONFIG_DIR = "/etc/stackgate";
        /** The internal balancer's listener port, for both host names. */
        public static final int INTERNAL_LB_PORT = 9090;

        public Aws {
            Objects.requireNonNull(configDir, "configDir");
            Objects.requireNonNull(datasourceUrl, "datasourceUrl");
        }

        /** Real AWS: no emulation. */
        public Aws(String configDir, String datasourceUrl) {
            this(configDir, datasourceUrl, null);
        }

        public static Aws of(Topology t) {
            String host = t.query().enabled() ? "query" : "prometheus";
            return new Aws(ACTIVE_CONFIG_DIR, "http://" + host + "." + t.name() + ".internal:" + INTERNAL_LB_PORT);
        }

        /**
         * The same deployment inside an AWS emulator (the {@code emulated} target): {@code configDir} is where
         * the emulated nodes read the bundle, {@code datasourceUrl} the emulated balancer's query frontend.
         */
        public static Aws emulated(String configDir, String datasourceUrl, Emulation emulation) {
            return new Aws(configDir, datasourceUrl, Objects.requireNonNull(emulation, "emulation"));
        }

        /** Whether this is the emulated variant. */
        public boolean isEmulated() {
            return emulation != null;
        }
    }

    /**
     * What differs when the AWS deployment runs inside an emulator (moto): every {@code ec2_sd_configs} gets
     * the emulator's {@code endpoint} and its dummy keys (discovery itself stays EC2 discovery), its
     * {@code refresh_interval} and the clocks follow {@code tempo}, receivers post to the verifier's webhook
     * and the verifier's probe endpoint is scraped, as on the local replica. Nothing here is rendered for AWS.
     *
     * @param endpoint the emulator's EC2 API, e.g. {@code http://127.0.0.1:5000}
     * @param discoveryRefreshSeconds every EC2 discovery's {@code refresh_interval}
     * @param webhookUrl base URL receivers post to ({@code <url>/<receiver>})
     * @param harness the verifier's probe endpoint ({@code host:port}), scraped as {@code stackgate-harness}
     */
    record Emulation(String endpoint, String accessKey, String secretKey, int discoveryRefreshSeconds, Tempo tempo,
            String webhookUrl, String harness) {
        public Emulation {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            Objects.requireNonNull(tempo, "tempo");
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            Objects.requireNonNull(harness, "harness");
            if (discoveryRefreshSeconds < 1) {
                throw new IllegalArgumentException("discoveryRefreshSeconds must be at least 1, got " + discoveryRefreshSeconds);
            }
        }

        /** The emulated balancer's clocks: the topology's health checks on {@link #tempo()}'s clock. */
        public Balancer balancer(LoadBalancers lbs) {
            return Balancer.of(lbs, tempo);
        }
    }

    /** The compressed clocks of a deployment: the local replica's or an emulated one's; empty on AWS. */
    static java.util.Optional<Tempo> tempoOf(Deployment d) {
        if (d instanceof Local l) {
            return java.util.Optional.of(l.tempo());
        }
        if (d instanceof Aws a && a.isEmulated()) {
            return java.util.Optional.of(a.emulation().tempo());
        }
        return java.util.Optional.empty();
    }

    /**
     * The local replica: every address is on loopback, or with AZs each node on its own address of its AZ's
     * network (see {@link HostPlan}). {@code jobTargets} maps each user scrape job to
     * the stand-in targets that replace its EC2-discovered or static targets. {@code tempo} compresses
     * the stack's clocks so that checks run in seconds.
     *
     * @param sidecars one Thanos sidecar per Prometheus replica, in replica order (empty without a query tier)
     * @param queries the {@code thanos query} nodes (empty without a query tier)
     * @param queryLb the balancer's frontend in front of {@code queries}, {@code null} without a query tier
     * @param lbRuntimeApi HAProxy's runtime API (admin level, plain TCP): the local target drains a server on
     *                     deregistration with {@code set server <backend>/<server> state drain}, then after
     *                     {@link Balancer#drainMillis()} {@code state maint}, as an ALB's deregistration delay does
     * @param balancer the balancer's clocks and semantics, derived from the topology and the tempo
     */
    record Local(String configDir, List<Endpoint> prometheus, List<AlertmanagerEndpoint> alertmanagers,
            List<Endpoint> grafana, Map<String, List<String>> jobTargets, Endpoint prometheusLb,
            Endpoint publicLb, Endpoint alertmanagerLb, Endpoint lbStats, Endpoint globalPrometheus,
            Endpoint harness, String webhookUrl, Tempo tempo, List<SidecarEndpoint> sidecars,
            List<QueryEndpoint> queries, Endpoint queryLb, Endpoint lbRuntimeApi, Balancer balancer)
            implements Deployment {
        /** Where {@code thanos query} reads its store list, relative to {@code configDir}. */
        public static final String THANOS_STORES_FILE = "thanos/stores.yml";

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
            sidecars = List.copyOf(sidecars);
            queries = List.copyOf(queries);
            if (!sidecars.isEmpty() && sidecars.size() != prometheus.size()) {
                throw new IllegalArgumentException("one sidecar per Prometheus replica: " + sidecars.size()
                        + " sidecars for " + prometheus.size() + " replicas");
            }
            if (queries.isEmpty() != (queryLb == null)) {
                throw new IllegalArgumentException("a query tier has both query nodes and a balancer frontend");
            }
            Objects.requireNonNull(lbRuntimeApi, "lbRuntimeApi");
            Objects.requireNonNull(balancer, "balancer");
        }

        /** Whether this layout runs a query tier (sidecars, query nodes, the query frontend). */
        public boolean hasQueryTier() {
            return queryLb != null;
        }

        /** The query tier's frontend when there is one, else the internal Prometheus balancer. */
        @Override
        public String datasourceUrl() {
            return "http://" + (queryLb != null ? queryLb : prometheusLb);
        }

        /** The file {@code thanos query} reads its endpoints from ({@code --endpoint.sd-config-file}). */
        public String thanosStoresFile() {
            return configDir + "/" + THANOS_STORES_FILE;
        }
    }

    /** A Thanos sidecar's Store API (gRPC, what query calls) and its HTTP port (metrics, readiness). */
    record SidecarEndpoint(Endpoint grpc, Endpoint http) {
        public SidecarEndpoint {
            Objects.requireNonNull(grpc, "grpc");
            Objects.requireNonNull(http, "http");
        }
    }

    /** A {@code thanos query} node's HTTP API (what the balancer and Grafana call) and its gRPC port. */
    record QueryEndpoint(Endpoint http, Endpoint grpc) {
        public QueryEndpoint {
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(grpc, "grpc");
        }
    }

    /**
     * The local balancer's clocks: the topology's health-check values on the replica's clock. One factor
     * ({@code clockScale}, local milliseconds per topology millisecond) scales every duration, so a figure
     * measured locally translates back to AWS by dividing by it.
     *
     * @param semantics ALB (no retry, fail-open) unless the topology explicitly chose {@code retrying}
     * @param intervalMillis health-check interval
     * @param checkTimeoutMillis health-check timeout
     * @param idleTimeoutMillis HAProxy {@code timeout server}/{@code client}: an ALB's idle timeout (60 s), scaled
     * @param connectTimeoutMillis HAProxy {@code timeout connect}: an ALB's target connect timeout (10 s), scaled
     * @param drainMillis deregistration delay
     * @param healthyThreshold consecutive successes that bring a target back
     * @param unhealthyThreshold consecutive failures that take a target out
     * @param clockScale local time per topology time (1 on the topology's own clock)
     */
    record Balancer(BalancerSemantics semantics, int intervalMillis, int checkTimeoutMillis, int idleTimeoutMillis,
            int connectTimeoutMillis, int drainMillis, int healthyThreshold, int unhealthyThreshold,
            double clockScale) {
        /** An ALB's default idle timeout. */
        public static final int ALB_IDLE_TIMEOUT_SECONDS = 60;
        /** An ALB's connection timeout to a target. */
        public static final int ALB_CONNECT_TIMEOUT_SECONDS = 10;
        /** Loopback timeouts below this turn scheduler noise on 2 busy cores into false ejections. */
        static final int MIN_TIMEOUT_MILLIS = 50;

        public Balancer {
            Objects.requireNonNull(semantics, "semantics");
            if (!(clockScale > 0)) {
                throw new IllegalArgumentException("clockScale must be positive, got " + clockScale);
            }
        }

        /**
         * The topology's balancer on the tempo's clock: the scale is {@code tempo.checkIntervalMillis} over the
         * topology's health-check interval (1 when the tempo keeps the topology's clock);
         * {@code tempo.lbTimeoutMillis}, when set, overrides the scaled idle timeout.
         */
        public static Balancer of(LoadBalancers lbs, Tempo tempo) {
            HealthCheck hc = lbs.healthCheck();
            long intervalMillis = hc.intervalSeconds() * 1_000L;
            double scale = tempo.checkIntervalMillis() != null ? tempo.checkIntervalMillis() / (double) intervalMillis
                    : 1.0;
            int idle = tempo.lbTimeoutMillis() != null ? tempo.lbTimeoutMillis()
                    : scaled(ALB_IDLE_TIMEOUT_SECONDS * 1_000L, scale);
            return new Balancer(lbs.semantics(), (int) Math.round(intervalMillis * scale),
                    scaled(hc.timeoutSeconds() * 1_000L, scale), idle, scaled(ALB_CONNECT_TIMEOUT_SECONDS * 1_000L, scale),
                    (int) Math.round(hc.deregistrationDelaySeconds() * 1_000L * scale), hc.healthyThreshold(),
                    hc.unhealthyThreshold(), scale);
        }

        private static int scaled(long millis, double scale) {
            return (int) Math.max(MIN_TIMEOUT_MILLIS, Math.round(millis * scale));
        }

        /** Worst case from a target dying to its ejection: interval × unhealthy threshold (+ one timeout). */
        public Duration ejectWithin() {
            return Duration.ofMillis((long) intervalMillis * unhealthyThreshold + checkTimeoutMillis);
        }

        /** A duration measured on this balancer's clock, on the topology's (AWS) clock. */
        public Duration toTopologyClock(Duration local) {
            return Duration.ofNanos(Math.round(local.toNanos() / clockScale));
        }
    }

    /**
     * A local address: loopback, or an address of {@link #AZ_NETWORK_BLOCK}, the block the local target's
     * AZ networks take their addresses from (one network namespace per AZ, created by the run itself).
     * Anything else is refused: the local replica never binds or calls another host's address.
     */
    record Endpoint(String host, int port) {
        /** Where the local target's AZ networks take their addresses from. */
        public static final String AZ_NETWORK_BLOCK = "10.231.0.0/16";

        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (!isLocal(host)) {
                throw new IllegalArgumentException("local endpoints are loopback or in the AZ network block "
                        + AZ_NETWORK_BLOCK + " only, got " + host);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        public static Endpoint loopback(int port) {
            return new Endpoint("127.0.0.1", port);
        }

        /** {@code host:port}; fails as the constructor does for an address that is not local. */
        public static Endpoint of(String host, int port) {
            return new Endpoint(host, port);
        }

        /** Whether {@code host} is loopback ({@code 127.0.0.0/8}, {@code localhost}) or in {@link #AZ_NETWORK_BLOCK}. */
        public static boolean isLocal(String host) {
            if (host.equals("localhost")) {
                return true;
            }
            int[] octets = ipv4(host);
            return octets != null && (octets[0] == 127 || (octets[0] == 10 && octets[1] == 231));
        }

        /** The four octets of a dotted IPv4 address, or null when {@code host} is not one. */
        private static int[] ipv4(String host) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            int[] octets = new int[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("\\d{1,3}")) {
                    return null;
                }
                octets[i] = Integer.parseInt(parts[i]);
                if (octets[i] > 255) {
                    return null;
                }
            }
            return octets;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * Which address each node of a local layout binds. {@link #loopback()}: every node on 127.0.0.1, told
     * apart by port. With AZs: the balancer's frontends, stats and runtime API on {@code root} (the address
     * of the run's root network namespace, which every AZ reaches); node {@code i} of a tier in AZ
     * {@code i % zones().size()}, each node (one instance: Prometheus and its sidecar share it) on the next
     * unused address of its AZ, in the order {@link LocalLayouts} lays the nodes out.
     *
     * @param root  the root namespace's address (127.0.0.1 on loopback)
     * @param zones per AZ, in the topology's AZ order, the addresses its nodes take (empty on loopback)
     */
    record HostPlan(String root, List<List<String>> zones) {
        public HostPlan {
            Objects.requireNonNull(root, "root");
            zones = zones.stream().map(List::copyOf).toList();
            for (String a : addresses(root, zones)) {
                if (!Endpoint.isLocal(a)) {
                    throw new IllegalArgumentException("a host plan holds loopback or " + Endpoint.AZ_NETWORK_BLOCK
                            + " addresses only, got " + a);
                }
            }
        }

        /** Every node on 127.0.0.1. */
        public static HostPlan loopback() {
            return new HostPlan("127.0.0.1", List.of());
        }

        /** Whether every node binds loopback (no AZs). */
        public boolean isLoopback() {
            return zones.isEmpty();
        }

        /** The AZ (0-based) whose addresses hold {@code host}; empty for the root address and on loopback. */
        public java.util.OptionalInt zoneOf(String host) {
            for (int z = 0; z < zones.size(); z++) {
                if (zones.get(z).contains(host)) {
                    return java.util.OptionalInt.of(z);
                }
            }
            return java.util.OptionalInt.empty();
        }

        private static List<String> addresses(String root, List<List<String>> zones) {
            List<String> all = new java.util.ArrayList<>(List.of(root));
            zones.forEach(all::addAll);
            return all;
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
     * @param checkIntervalMillis load balancer health-check interval; sets the balancer's clock scale (every other
     *                            balancer duration is the topology's value times this over its interval)
     * @param lbTimeoutMillis load balancer idle timeout ({@code timeout server}); {@code null}: an ALB's 60 s, scaled
     * @param groupWaitSeconds Alertmanager group_wait
     * @param groupIntervalSeconds Alertmanager group_interval
     */
    record Tempo(Integer scrapeIntervalSeconds, Integer alertForSeconds, Integer checkIntervalMillis,
            Integer lbTimeoutMillis, Integer groupWaitSeconds, Integer groupIntervalSeconds) {
        /** The topology's own clocks. */
        public static Tempo topology() {
            return new Tempo(null, null, null, null, null, null);
        }

        /**
         * The local replica's clocks: 1 s scrapes, 1 s alert holds, 250 ms health checks (the balancer's clock
         * runs 40 times faster than the default 10 s interval, so its 60 s idle timeout becomes 1.5 s).
         */
        public static Tempo fast() {
            return new Tempo(1, 1, 250, null, 1, 3);
        }
    }
}
