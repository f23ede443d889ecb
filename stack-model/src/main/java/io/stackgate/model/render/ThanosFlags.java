package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.PromDuration;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines of the query tier's processes, and the flags Prometheus needs next to a sidecar: the
 * one place the local target (which starts the processes) and the Ansible {@code thanos} role (which reads
 * {@code config/thanos/flags.yml}, rendered from this record for AWS) take them from.
 *
 * <p>Why each tuning flag: a replica restarted with an empty disk is usable only once query has seen its
 * sidecar ready; the sidecar polls Prometheus every {@code --prometheus.get_config_interval} (default 30 s)
 * and query re-checks every endpoint every {@code --endpoint.info-timeout} (default 5 s, a hidden flag
 * that is also the period of the endpoint loop). Both follow the scrape interval. Measured here (two Prometheus 2.42
 * replicas at 1 s scrapes, thanos v0.42.5): a replica restarted with an empty disk was seen healthy by query
 * 1.2 s after its restart with these flags, 33 s with the defaults; a killed one was marked unhealthy after
 * 1.2 s (6.5 s with the defaults).
 *
 * @param replicaLabel the external label that tells the replicas apart: query deduplicates along it
 * @param getConfigInterval how often a sidecar re-reads its Prometheus (readiness and external labels)
 * @param endpointInfoTimeout query's endpoint health-check period and Info call timeout
 * @param endpointsReloadInterval how often query re-reads its endpoints file
 * @param storeResponseTimeout how long query waits on a store that sends nothing before it answers without
 *     it (partial response): a hung replica must not hang Grafana's queries (Thanos' default, 0, waits forever)
 */
public record ThanosFlags(String replicaLabel, Duration getConfigInterval, Duration endpointInfoTimeout,
        Duration endpointsReloadInterval, Duration storeResponseTimeout) {
    /** Below this, a loaded 2-core machine turns ordinary scheduling delays into ignored stores. */
    static final Duration MIN_LOCAL_STORE_RESPONSE_TIMEOUT = Duration.ofMillis(500);

    /** Ports on AWS hosts (Thanos' defaults); the local replica allocates its own. */
    public static final int GRPC_PORT = 10901;
    public static final int HTTP_PORT = 10902;
    /** Where the Ansible role writes query's endpoints (the sidecars found by EC2 tags) on AWS hosts. */
    public static final String AWS_ENDPOINTS_FILE = "/var/lib/stackgate/thanos/endpoints.yml";
    /** The rendered file the Ansible role reads these flags from. */
    public static final String FLAGS_FILE = "thanos/flags.yml";

    public ThanosFlags {
        Objects.requireNonNull(replicaLabel, "replicaLabel");
        for (Duration d : List.of(getConfigInterval, endpointInfoTimeout, endpointsReloadInterval, storeResponseTimeout)) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("intervals must be positive");
            }
        }
    }

    /**
     * The flags for {@code t} deployed as {@code d}: on the local replica the intervals follow its scrape
     * interval (1 s at {@link Deployment.Tempo#fast()}), and so on an emulated AWS deployment; on AWS the scrape interval too, with at least 5 s
     * between endpoint checks and 30 s between reloads of the endpoints file (a replaced instance gets a new
     * address only when the Ansible refresh rewrites it).
     */
    public static ThanosFlags of(Topology t, Deployment d) {
        Duration scrape = PromDuration.parse(Tempos.scrapeInterval(t, d)).value();
        // a store silent for two health-check timeouts is treated like a target the balancer gives up on
        Duration storeTimeout = Duration.ofSeconds(2L * t.loadBalancers().healthCheck().timeoutSeconds());
        Deployment.Balancer compressed = d instanceof Deployment.Local l ? l.balancer()
                : d instanceof Deployment.Aws a && a.isEmulated() ? a.emulation().balancer(t.loadBalancers()) : null;
        if (compressed != null) {
            Duration scaled = Duration.ofMillis(Math.round(storeTimeout.toMillis() * compressed.clockScale()));
            return new ThanosFlags(t.prometheus().replicaLabel(), scrape, scrape, Duration.ofSeconds(5),
                    scaled.compareTo(MIN_LOCAL_STORE_RESPONSE_TIMEOUT) < 0 ? MIN_LOCAL_STORE_RESPONSE_TIMEOUT : scaled);
        }
        Duration check = scrape.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : scrape;
        return new ThanosFlags(t.prometheus().replicaLabel(), scrape, check, Duration.ofSeconds(30), storeTimeout);
    }

    /**
     * What Prometheus needs next to a sidecar: equal min and max block durations turn off local compaction,
     * which Thanos requires of the Prometheus it fronts (the sidecar refuses to upload otherwise, and a
     * compacting Prometheus rewrites blocks under it).
     */
    public List<String> prometheus() {
        return List.of("--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h");
    }

    /**
     * {@code thanos sidecar …} (without the binary).
     *
     * @param prometheusUrl its own replica's HTTP address ({@code http://127.0.0.1:9090})
     * @param tsdbPath that replica's TSDB directory
     */
    public List<String> sidecar(String prometheusUrl, String tsdbPath, String grpcAddress, String httpAddress) {
        return List.of("sidecar",
                "--prometheus.url=" + prometheusUrl,
                "--tsdb.path=" + tsdbPath,
                "--grpc-address=" + grpcAddress,
                "--http-address=" + httpAddress,
                "--prometheus.get_config_interval=" + seconds(getConfigInterval),
                "--prometheus.get_config_timeout=" + seconds(getConfigInterval.multipliedBy(5)),
                "--log.level=warn");
    }

    /**
     * {@code thanos query …} (without the binary): every endpoint from {@code endpointsFile}, deduplicated by
     * the replica label, partial response on (a lost replica gives an answer with a warning, not an error).
     */
    public List<String> query(String httpAddress, String grpcAddress, String endpointsFile) {
        List<String> args = new ArrayList<>(List.of("query",
                "--http-address=" + httpAddress,
                "--grpc-address=" + grpcAddress,
                "--endpoint.sd-config-file=" + endpointsFile,
                "--endpoint.sd-config-reload-interval=" + seconds(endpointsReloadInterval),
                "--endpoint.info-timeout=" + seconds(endpointInfoTimeout),
                "--query.replica-label=" + replicaLabel,
                "--query.partial-response",
                "--store.response-timeout=" + millis(storeResponseTimeout),
                "--log.level=warn"));
        return List.copyOf(args);
    }

    /** The sidecar of local replica {@code index} (0-based) reading {@code tsdbPath}. */
    public List<String> sidecar(Deployment.Local d, int index, String tsdbPath) {
        Deployment.SidecarEndpoint s = d.sidecars().get(index);
        return sidecar("http://" + d.prometheus().get(index), tsdbPath, s.grpc().toString(), s.http().toString());
    }

    /** Local query node {@code index} (0-based), reading the rendered {@link Deployment.Local#thanosStoresFile()}. */
    public List<String> query(Deployment.Local d, int index) {
        Deployment.QueryEndpoint q = d.queries().get(index);
        return query(q.http().toString(), q.grpc().toString(), d.thanosStoresFile());
    }

    /** {@code config/thanos/stores.yml} of a local layout: every sidecar's Store API. */
    static String localEndpoints(Topology t, Deployment.Local d) {
        return endpointsFile(t, d.sidecars().stream().map(s -> s.grpc()).map(Endpoint::toString).toList());
    }

    /**
     * An {@code --endpoint.sd-config-file} document listing {@code addresses} ({@code host:port} of each sidecar's
     * Store API): what the Ansible refresh writes on a query host, and the emulated target's instance agent.
     */
    public static String endpointsYaml(Topology t, List<String> addresses) {
        return endpointsFile(t, addresses);
    }

    /** An {@code --endpoint.sd-config-file} document listing {@code addresses}. */
    static String endpointsFile(Topology t, List<String> addresses) {
        List<Object> endpoints = addresses.stream().map(a -> (Object) map("address", a)).toList();
        return Yaml.write(Yaml.header("Thanos query endpoints (one Thanos sidecar per Prometheus replica)", t.name()),
                map("endpoints", endpoints));
    }

    /** {@code config/thanos/flags.yml} for AWS hosts, which the Ansible roles read. */
    static String awsFlagsFile(Topology t, Deployment.Aws d) {
        ThanosFlags f = of(t, d);
        String any = "0.0.0.0:";
        return Yaml.write(Yaml.header("Thanos command lines for the Ansible thanos and prometheus roles", t.name()),
                map("prometheus", f.prometheus(),
                        "sidecar", f.sidecar("http://127.0.0.1:9090", "/var/lib/prometheus/metrics2",
                                any + GRPC_PORT, any + HTTP_PORT),
                        "query", f.query(any + HTTP_PORT, any + GRPC_PORT, AWS_ENDPOINTS_FILE),
                        "query_endpoints_file", AWS_ENDPOINTS_FILE,
                        "sidecar_grpc_port", GRPC_PORT,
                        "http_port", HTTP_PORT));
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1_000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
