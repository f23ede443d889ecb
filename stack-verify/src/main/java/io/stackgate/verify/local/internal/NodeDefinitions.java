package io.stackgate.verify.local.internal;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.ThanosFlags;
import io.stackgate.model.render.Deployment;
import io.stackgate.verify.api.HaproxyStats;
import io.stackgate.runtime.Binaries;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Tier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The local target's nodes for one topology and layout: which processes run, with which command
 * lines (as the AWS bootstrap starts them, with the compressed tempo), environment and readiness.
 * Tiers that cannot run here are recorded with the reason.
 */
public final class NodeDefinitions {
    private final Topology topology;
    private final Deployment.Local layout;
    private final Binaries binaries;
    private final Path workDir;
    private final String configDir;
    private final Map<Tier, List<LocalNode>> nodes = new EnumMap<>(Tier.class);
    private final Map<Tier, String> unavailable = new EnumMap<>(Tier.class);
    private final ThanosFlags thanos;
    private final Placement placement;

    private NodeDefinitions(Topology topology, Deployment.Local layout, Binaries binaries, Path workDir,
            Placement placement) {
        this.topology = topology;
        this.placement = placement;
        this.layout = layout;
        this.binaries = binaries;
        this.workDir = workDir;
        this.configDir = layout.configDir();
        this.thanos = ThanosFlags.of(topology, layout);
    }

    /** The nodes of {@code topology} laid out as {@code layout} on loopback, data under {@code workDir/data}. */
    public static NodeDefinitions of(Topology topology, Deployment.Local layout, Binaries binaries, Path workDir) {
        return of(topology, layout, binaries, workDir, Placement.loopback());
    }

    /**
     * The nodes of {@code topology} laid out as {@code layout}, each started where {@code placement} puts
     * its address (its AZ's namespace, or the root namespace), data under {@code workDir/data}.
     */
    public static NodeDefinitions of(Topology topology, Deployment.Local layout, Binaries binaries, Path workDir,
            Placement placement) {
        NodeDefinitions d = new NodeDefinitions(topology, layout, binaries, workDir, placement);
        d.define();
        return d;
    }

    public Map<Tier, List<LocalNode>> nodes() {
        return nodes;
    }

    public Map<Tier, String> unavailable() {
        return unavailable;
    }

    private void define() {
        List<LocalNode> exporters = new ArrayList<>();
        int e = 0;
        for (Map.Entry<String, List<String>> job : new TreeMap<>(layout.jobTargets()).entrySet()) {
            for (String target : job.getValue()) {
                Node n = node(Tier.EXPORTER, e++, target);
                exporters.add(new LocalNode(n, placed(n, gen -> List.of(bin("prometheus-node-exporter"),
                        "--web.listen-address=" + target, "--collector.disable-defaults", "--collector.cpu",
                        "--collector.loadavg", "--collector.meminfo")), Map.of(), Readiness.http("/metrics")));
            }
        }
        nodes.put(Tier.EXPORTER, exporters);

        List<LocalNode> proms = new ArrayList<>();
        for (int i = 0; i < layout.prometheus().size(); i++) {
            proms.add(prometheusReplica(i));
        }
        nodes.put(Tier.PROMETHEUS, proms);

        if (layout.hasQueryTier()) {
            List<LocalNode> queries = new ArrayList<>();
            for (int i = 0; i < layout.queries().size(); i++) {
                int index = i;
                Node n = node(Tier.QUERY, i, layout.queries().get(i).http().toString());
                queries.add(new LocalNode(n, placed(n, gen -> thanos(thanos.query(layout, index))), Map.of(),
                        Readiness.queryStores(layout.sidecars().size())));
            }
            nodes.put(Tier.QUERY, queries);
        } else {
            unavailable.put(Tier.QUERY, "query.layer is none: Grafana reads the replicas through the internal balancer");
        }

        if (layout.globalPrometheus() != null) {
            Endpoint ep = layout.globalPrometheus();
            Node n = node(Tier.GLOBAL_PROMETHEUS, 0, ep.toString());
            nodes.put(Tier.GLOBAL_PROMETHEUS, List.of(new LocalNode(n,
                    placed(n, gen -> prometheus(configDir + "/prometheus-global/prometheus.yml", n, gen, ep.toString())),
                    Map.of("REPLICA", n.id()), Readiness.http("/-/ready"))));
        } else {
            unavailable.put(Tier.GLOBAL_PROMETHEUS, "federation.mode is "
                    + topology.prometheus().federation().mode().yamlName() + ": there is no global layer");
        }

        List<LocalNode> ams = new ArrayList<>();
        int peers = clustered() ? layout.alertmanagers().size() : 1;
        for (int i = 0; i < layout.alertmanagers().size(); i++) {
            Deployment.AlertmanagerEndpoint ep = layout.alertmanagers().get(i);
            Node n = node(Tier.ALERTMANAGER, i, ep.web().toString());
            ams.add(new LocalNode(n, placed(n, gen -> alertmanager(n, gen, ep)), Map.of(),
                    Readiness.alertmanagerCluster(peers)));
        }
        nodes.put(Tier.ALERTMANAGER, ams);

        Optional<Path> grafana = binaries.find("grafana-server");
        if (grafana.isPresent()) {
            List<LocalNode> gs = new ArrayList<>();
            for (int i = 0; i < layout.grafana().size(); i++) {
                Endpoint ep = layout.grafana().get(i);
                Node n = node(Tier.GRAFANA, i, ep.toString());
                gs.add(new LocalNode(n, placed(n, gen -> grafana(grafana.get(), n, gen)), grafanaEnv(ep, i),
                        Readiness.http("/api/health")));
            }
            nodes.put(Tier.GRAFANA, gs);
        } else {
            unavailable.put(Tier.GRAFANA, "no grafana-server binary (searched " + binaries.searched("grafana-server")
                    + "); Grafana cannot be installed on this machine");
        }

        Node lb = new Node(Tier.LOAD_BALANCER, "haproxy-1", 0, URI.create("http://" + layout.lbStats()));
        Map<String, Integer> backends = new LinkedHashMap<>();
        backends.put(LocalBalancer.PROMETHEUS_BACKEND, layout.prometheus().size());
        if (layout.hasQueryTier()) {
            backends.put(LocalBalancer.QUERY_BACKEND, layout.queries().size());
        }
        nodes.put(Tier.LOAD_BALANCER, List.of(new LocalNode(lb, gen -> List.of(bin("haproxy"), "-db", "-f",
                configDir + "/haproxy/haproxy.cfg"), Map.of(), Readiness.balancer(HaproxyStats.at(lb.url()), backends))));
    }

    /**
     * Replica {@code i}: Prometheus reading the shared config, and with the query tier its Thanos sidecar
     * on the same data directory — one instance, so faults and replacements take both. With link proxies
     * (see {@link LinkProxies}) the datasource's way in — the sidecar's gRPC with a query tier, Prometheus'
     * HTTP without — is the proxy: the process behind it binds its namespace's loopback.
     */
    private LocalNode prometheusReplica(int i) {
        Endpoint ep = layout.prometheus().get(i);
        Node n = node(Tier.PROMETHEUS, i, ep.toString());
        String listen = layout.hasQueryTier() ? ep.toString() : placement.bindBehindProxy(ep);
        LocalNode.Part server = new LocalNode.Part(n.id(), placed(n,
                gen -> prometheus(configDir + "/prometheus/prometheus.yml", n, gen, listen)), Map.of("REPLICA", n.id()));
        if (!layout.hasQueryTier()) {
            return new LocalNode(n, List.of(server), Readiness.http("/-/ready"));
        }
        Deployment.SidecarEndpoint sidecar = layout.sidecars().get(i);
        String grpc = placement.bindBehindProxy(sidecar.grpc());
        LocalNode.Part part = new LocalNode.Part(n.id() + "-sidecar", placed(n, gen -> thanos(thanos.sidecar(
                "http://" + listen, dataDir(n, gen).toString(), grpc, sidecar.http().toString()))), Map.of());
        return new LocalNode(n, List.of(server, part), Readiness.allOf(Readiness.http("/-/ready"),
                Readiness.http(URI.create("http://" + sidecar.http() + "/-/ready"))));
    }

    /** {@code command} started where the node's address is: its AZ's namespace, or this one. */
    private IntFunction<List<String>> placed(Node n, IntFunction<List<String>> command) {
        return gen -> placement.launch(n.url().getHost(), command.apply(gen));
    }

    private List<String> thanos(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin("thanos"));
        cmd.addAll(args);
        return cmd;
    }

    private boolean clustered() {
        return topology.alertmanager().cluster() && layout.alertmanagers().size() > 1;
    }

    private List<String> prometheus(String config, Node n, int gen, String listen) {
        List<String> cmd = new ArrayList<>(List.of(bin("prometheus"), "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir(n, gen),
                "--web.listen-address=" + listen, "--web.enable-lifecycle",
                "--enable-feature=expand-external-labels",
                // compressed tempo: resend firing alerts every 2 s instead of every minute
                "--rules.alert.resend-delay=2s",
                "--storage.tsdb.retention.time=" + topology.prometheus().retention().text()));
        if (layout.hasQueryTier() && n.tier() == Tier.PROMETHEUS) {
            cmd.addAll(thanos.prometheus());
        }
        return cmd;
    }

    private List<String> alertmanager(Node n, int gen, Deployment.AlertmanagerEndpoint ep) {
        List<String> cmd = new ArrayList<>(List.of(bin("prometheus-alertmanager"),
                "--config.file=" + configDir + "/alertmanager/alertmanager.yml",
                "--storage.path=" + dataDir(n, gen), "--web.listen-address=" + ep.web()));
        if (clustered()) {
            cmd.add("--cluster.listen-address=" + ep.cluster());
            cmd.add("--cluster.advertise-address=" + ep.cluster());
            for (Deployment.AlertmanagerEndpoint peer : layout.alertmanagers()) {
                cmd.add("--cluster.peer=" + peer.cluster());
            }
            // compressed gossip clocks (see Tempo): settles in about a second instead of six; a peer lost to a
            // partition is re-joined within a second of the heal instead of ten; memberlist probes 8 times as
            // often (the scrape clock runs 15 times faster), so that a member cut off alone — which gets no
            // confirmations of its suspicions and waits the longest suspicion timeout, 6 × 4 probe intervals —
            // drops its peers in about 3 s, not 24; a probe still waits 100 ms for its answer, a hundred times
            // the round trip on these links
            cmd.addAll(List.of("--cluster.gossip-interval=20ms", "--cluster.pushpull-interval=1s",
                    "--cluster.peer-timeout=1s", "--cluster.settle-timeout=5s", "--cluster.reconnect-interval=1s",
                    "--cluster.probe-interval=125ms", "--cluster.probe-timeout=100ms"));
        } else {
            cmd.add("--cluster.listen-address=");
        }
        return cmd;
    }

    private List<String> grafana(Path grafana, Node n, int gen) {
        return List.of(grafana.toString(), "--homepath=/usr/share/grafana", "--config=" + configDir + "/grafana/grafana.ini",
                "cfg:paths.data=" + dataDir(n, gen), "cfg:paths.logs=" + workDir.resolve("logs"));
    }

    private static Map<String, String> grafanaEnv(Endpoint ep, int i) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GF_SERVER_HTTP_ADDR", ep.host());
        env.put("GF_SERVER_HTTP_PORT", Integer.toString(ep.port()));
        env.put("GF_SECURITY_ADMIN_PASSWORD", "stackgate-local-" + i);
        // The local target has no shared database server: each Grafana gets its own sqlite file.
        env.put("GF_DATABASE_TYPE", "sqlite3");
        env.put("GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS", ep.host() + ":" + (ep.port() + 1));
        return env;
    }

    /** A node's data directory; each generation (a replacement) gets a new, empty one. */
    private Path dataDir(Node n, int gen) {
        Path p = workDir.resolve("data").resolve(n.id() + (gen == 0 ? "" : "-gen" + gen));
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the data directory " + p, e);
        }
        return p;
    }

    private String bin(String name) {
        return binaries.require(name).toString();
    }

    private static Node node(Tier tier, int index, String hostPort) {
        return new Node(tier, tier.prefix() + "-" + (index + 1), index, URI.create("http://" + hostPort));
    }
}
