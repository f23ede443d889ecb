package io.stackgate.verify.env;

import io.stackgate.model.FederationMode;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.BundleWriter;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.LocalLayouts;
import io.stackgate.model.render.Renderer;
import io.stackgate.verify.runtime.Binaries;
import io.stackgate.verify.runtime.NodeProcess;
import io.stackgate.verify.runtime.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local replica: the generated bundle run as real processes on loopback — every Prometheus
 * replica with its own data directory and {@code REPLICA}, all reading the one shared
 * {@code prometheus.yml}; the Alertmanagers in one gossip cluster; node exporters standing in for
 * the scraped hosts; HAProxy as the load balancers; the in-process {@link Harness} as the webhook
 * receiver. Ports are allocated dynamically. Everything is stopped on {@link #close()} and on JVM
 * exit. Clocks are compressed ({@link Deployment.Tempo#fast()}) so that checks take seconds.
 */
public final class LocalEnvironment implements Environment {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEnvironment.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Path workDir;
    private final Path bundleDir;
    private final Harness harness;
    private final Deployment.Local layout;
    private final Bundle bundle;
    private final Binaries binaries;
    private final boolean keepWorkDir;
    private final Map<Tier, List<Managed>> nodes = new EnumMap<>(Tier.class);
    private final Map<Tier, String> unavailable = new EnumMap<>(Tier.class);
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private volatile boolean closed;
    private final Thread shutdownHook = new Thread(this::close, "stackgate-local-close");

    /** A node and how to (re)start it. */
    private static final class Managed {
        final Node node;
        final IntFunction<List<String>> command; // generation → command line
        final Map<String, String> env;
        NodeProcess process;
        int generation;

        Managed(Node node, IntFunction<List<String>> command, Map<String, String> env) {
            this.node = node;
            this.command = command;
            this.env = env;
        }
    }

    private LocalEnvironment(Topology topology, Path workDir, Harness harness, Binaries binaries, boolean keep) {
        this.topology = topology;
        this.workDir = workDir;
        this.bundleDir = workDir.resolve("bundle");
        this.harness = harness;
        this.binaries = binaries;
        this.keepWorkDir = keep;
        this.layout = LocalLayouts.allocate(topology, bundleDir.resolve("config").toString(), Ports::free,
                Deployment.Tempo.fast(), harness.webhookUrl(), Endpoint.loopback(harness.port()));
        this.bundle = new Renderer().render(topology, layout);
    }

    /** Starts the replica of {@code topology} and waits until every node is ready. */
    public static LocalEnvironment start(Topology topology) {
        return start(topology, new Binaries(), false);
    }

    /**
     * Starts the replica of {@code topology}.
     *
     * @param keepWorkDir keep the working directory (bundle, data, logs) after close, for debugging
     * @throws io.stackgate.verify.runtime.MissingBinaryException when a required program is not installed
     * @throws EnvironmentStartException when a node does not become ready; everything started is stopped
     */
    public static LocalEnvironment start(Topology topology, Binaries binaries, boolean keepWorkDir) {
        for (String b : List.of("prometheus", "prometheus-alertmanager", "prometheus-node-exporter", "haproxy")) {
            binaries.require(b);
        }
        Path work;
        Harness harness;
        try {
            work = Files.createTempDirectory("stackgate-local-");
            Files.createDirectories(work.resolve("logs"));
            harness = Harness.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local replica's working directory", e);
        }
        LocalEnvironment env = new LocalEnvironment(topology, work, harness, binaries, keepWorkDir);
        // SIGINT/SIGTERM: stop the nodes and remove the working directory, as close() would
        Runtime.getRuntime().addShutdownHook(env.shutdownHook);
        try {
            env.boot();
            return env;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    private void boot() {
        long t0 = System.nanoTime();
        try {
            new BundleWriter().write(bundle, bundleDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local bundle to " + bundleDir, e);
        }
        define();
        nodes.values().stream().flatMap(List::stream).forEach(m -> launch(m, 0));
        awaitReady();
        figures.put("time_to_ready_s", (System.nanoTime() - t0) / 1e9);
        LOG.info("local replica of {} ready in {} s ({})", topology.name(), figures.get("time_to_ready_s"), workDir);
    }

    private void define() {
        String cfg = bundleDir.resolve("config").toString();
        List<Managed> exporters = new ArrayList<>();
        int e = 0;
        for (Map.Entry<String, List<String>> job : new java.util.TreeMap<>(layout.jobTargets()).entrySet()) {
            for (String target : job.getValue()) {
                Node n = node(Tier.EXPORTER, e++, target);
                exporters.add(new Managed(n, gen -> List.of(bin("prometheus-node-exporter"),
                        "--web.listen-address=" + target, "--collector.disable-defaults", "--collector.cpu",
                        "--collector.loadavg", "--collector.meminfo"), Map.of()));
            }
        }
        nodes.put(Tier.EXPORTER, exporters);

        List<Managed> proms = new ArrayList<>();
        for (int i = 0; i < layout.prometheus().size(); i++) {
            Endpoint ep = layout.prometheus().get(i);
            Node n = node(Tier.PROMETHEUS, i, ep.toString());
            proms.add(new Managed(n, gen -> prometheusCommand(cfg + "/prometheus/prometheus.yml", n, gen, ep),
                    Map.of("REPLICA", n.id())));
        }
        nodes.put(Tier.PROMETHEUS, proms);

        if (layout.globalPrometheus() != null) {
            Endpoint ep = layout.globalPrometheus();
            Node n = node(Tier.GLOBAL_PROMETHEUS, 0, ep.toString());
            nodes.put(Tier.GLOBAL_PROMETHEUS, List.of(new Managed(n,
                    gen -> prometheusCommand(cfg + "/prometheus-global/prometheus.yml", n, gen, ep),
                    Map.of("REPLICA", n.id()))));
        } else {
            unavailable.put(Tier.GLOBAL_PROMETHEUS, "federation.mode is "
                    + topology.prometheus().federation().mode().yamlName() + ": there is no global layer");
        }

        List<Managed> ams = new ArrayList<>();
        for (int i = 0; i < layout.alertmanagers().size(); i++) {
            Deployment.AlertmanagerEndpoint ep = layout.alertmanagers().get(i);
            Node n = node(Tier.ALERTMANAGER, i, ep.web().toString());
            ams.add(new Managed(n, gen -> alertmanagerCommand(cfg, n, gen, ep), Map.of()));
        }
        nodes.put(Tier.ALERTMANAGER, ams);

        Optional<Path> grafana = binaries.find("grafana-server");
        if (grafana.isPresent()) {
            List<Managed> gs = new ArrayList<>();
            for (int i = 0; i < layout.grafana().size(); i++) {
                Endpoint ep = layout.grafana().get(i);
                Node n = node(Tier.GRAFANA, i, ep.toString());
                gs.add(new Managed(n, gen -> grafanaCommand(grafana.get(), cfg, n, gen), grafanaEnv(ep, i)));
            }
            nodes.put(Tier.GRAFANA, gs);
        } else {
            unavailable.put(Tier.GRAFANA, "no grafana-server binary (searched " + binaries.searched("grafana-server")
                    + "); Grafana cannot be installed on this machine");
        }

        Node lb = new Node(Tier.LOAD_BALANCER, "haproxy-1", 0, URI.create("http://" + layout.lbStats()));
        nodes.put(Tier.LOAD_BALANCER, List.of(new Managed(lb, gen -> List.of(bin("haproxy"), "-db", "-f",
                cfg + "/haproxy/haproxy.cfg"), Map.of())));
    }

    private List<String> prometheusCommand(String config, Node n, int gen, Endpoint ep) {
        return List.of(bin("prometheus"), "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir(n, gen),
                "--web.listen-address=" + ep, "--web.enable-lifecycle",
                "--enable-feature=expand-external-labels",
                // compressed tempo: resend firing alerts every 2 s instead of every minute
                "--rules.alert.resend-delay=2s",
                "--storage.tsdb.retention.time=" + topology.prometheus().retention().text());
    }

    private List<String> alertmanagerCommand(String cfg, Node n, int gen, Deployment.AlertmanagerEndpoint ep) {
        List<String> cmd = new ArrayList<>(List.of(bin("prometheus-alertmanager"),
                "--config.file=" + cfg + "/alertmanager/alertmanager.yml",
                "--storage.path=" + dataDir(n, gen), "--web.listen-address=" + ep.web()));
        if (topology.alertmanager().cluster() && layout.alertmanagers().size() > 1) {
            cmd.add("--cluster.listen-address=" + ep.cluster());
            cmd.add("--cluster.advertise-address=" + ep.cluster());
            for (Deployment.AlertmanagerEndpoint peer : layout.alertmanagers()) {
                cmd.add("--cluster.peer=" + peer.cluster());
            }
            // compressed gossip clocks (see Tempo): settles in about a second instead of six
            cmd.addAll(List.of("--cluster.gossip-interval=20ms", "--cluster.pushpull-interval=1s",
                    "--cluster.peer-timeout=1s", "--cluster.settle-timeout=5s"));
        } else {
            cmd.add("--cluster.listen-address=");
        }
        return cmd;
    }

    private List<String> grafanaCommand(Path grafana, String cfg, Node n, int gen) {
        return List.of(grafana.toString(), "--homepath=/usr/share/grafana", "--config=" + cfg + "/grafana/grafana.ini",
                "cfg:paths.data=" + dataDir(n, gen), "cfg:paths.logs=" + workDir.resolve("logs"));
    }

    private Map<String, String> grafanaEnv(Endpoint ep, int i) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GF_SERVER_HTTP_ADDR", ep.host());
        env.put("GF_SERVER_HTTP_PORT", Integer.toString(ep.port()));
        env.put("GF_SECURITY_ADMIN_PASSWORD", "stackgate-local-" + i);
        // The local replica has no shared database server: each Grafana gets its own sqlite file.
        env.put("GF_DATABASE_TYPE", "sqlite3");
        env.put("GF_UNIFIED_ALERTING_HA_LISTEN_ADDRESS", ep.host() + ":" + (ep.port() + 1));
        return env;
    }

    private Path dataDir(Node n, int gen) {
        Path p = workDir.resolve("data").resolve(n.id() + (gen == 0 ? "" : "-gen" + gen));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private String bin(String name) {
        return binaries.require(name).toString();
    }

    private static Node node(Tier tier, int index, String hostPort) {
        return new Node(tier, tier.prefix() + "-" + (index + 1), index, URI.create("http://" + hostPort));
    }

    /** Deletes what it can of the working directory; true when nothing is left. */
    private boolean deleteWorkDir() {
        if (!Files.exists(workDir)) {
            return true;
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("deleting {}: {}", workDir, e.getMessage());
        }
        return !Files.exists(workDir);
    }

    private void launch(Managed m, int generation) {
        if (closed) {
            throw new IllegalStateException("the local replica is closed (stopping): not starting " + m.node.id());
        }
        m.generation = generation;
        Path log = workDir.resolve("logs").resolve(m.node.id() + ".log");
        m.process = NodeProcess.start(m.node.id(), m.command.apply(generation), workDir, m.env, log);
    }

    private void awaitReady() {
        for (Tier tier : Tier.values()) {
            for (Managed m : nodes.getOrDefault(tier, List.of())) {
                try {
                    awaitReady(m);
                } catch (Wait.WaitTimeoutException e) {
                    throw new EnvironmentStartException(m.node.id() + " did not become ready: " + e.getMessage()
                            + "\n--- last lines of " + m.process.log() + " ---\n" + m.process.logTail(25), e);
                }
            }
        }
    }

    private void awaitReady(Managed m) {
        Node n = m.node;
        Wait wait = Wait.until(n.id() + " ready", READY_TIMEOUT).polling(Duration.ofMillis(50));
        switch (n.tier()) {
            case EXPORTER -> wait.on(() -> alive(m, Http.get(n.resolve("/metrics"))), Http.Response::ok);
            case LOAD_BALANCER -> wait.on(() -> alive(m, lbStatus()),
                    s -> layout.prometheus().size() == s.values().stream().filter(v -> v.startsWith("UP")).count());
            case ALERTMANAGER -> {
                wait.on(() -> alive(m, Http.get(n.resolve("/-/ready"))), Http.Response::ok);
                if (topology.alertmanager().cluster() && layout.alertmanagers().size() > 1) {
                    Wait.until(n.id() + " cluster settled with " + layout.alertmanagers().size() + " peers", READY_TIMEOUT)
                            .polling(Duration.ofMillis(50))
                            .on(() -> alive(m, Http.clusterStatus(n)),
                                    s -> s.equals("ready/" + layout.alertmanagers().size()));
                }
            }
            default -> wait.on(() -> alive(m, Http.get(n.resolve(n.tier() == Tier.GRAFANA ? "/api/health" : "/-/ready"))),
                    Http.Response::ok);
        }
    }

    /** Fails fast when the process died instead of waiting out the timeout. */
    private static <T> T alive(Managed m, T value) {
        if (!m.process.isAlive()) {
            throw new EnvironmentStartException(m.node.id() + " exited while starting (command: "
                    + String.join(" ", m.process.command()) + ")\n--- last lines of " + m.process.log() + " ---\n"
                    + m.process.logTail(25), null);
        }
        return value;
    }

    /** HAProxy's view: server name → status (UP, DOWN, "UP 1/2", …) of the Prometheus backend. */
    public Map<String, String> lbStatus() {
        Http.Response r = Http.get(URI.create("http://" + layout.lbStats() + "/stats;csv"), Duration.ofSeconds(2));
        Map<String, String> out = new LinkedHashMap<>();
        if (!r.ok()) {
            return out;
        }
        for (String line : r.body().lines().toList()) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && f[0].equals("prometheus") && !f[1].equals("BACKEND") && !f[1].equals("FRONTEND")) {
                out.put(f[1], f[17]);
            }
        }
        return out;
    }

    private Managed managed(Node node) {
        return nodes.getOrDefault(node.tier(), List.of()).stream().filter(m -> m.node.id().equals(node.id()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no node " + node.id() + " here"));
    }

    @Override
    public String target() {
        return "local";
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public Bundle bundle() {
        return bundle;
    }

    /** Where the bundle, data directories and logs of this replica live. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public List<Node> nodes(Tier tier) {
        return nodes.getOrDefault(tier, List.of()).stream().map(m -> m.node).toList();
    }

    @Override
    public Optional<String> unavailable(Tier tier) {
        return Optional.ofNullable(unavailable.get(tier));
    }

    @Override
    public URI prometheusLoadBalancer() {
        return URI.create("http://" + layout.prometheusLb());
    }

    @Override
    public Duration checkWindow() {
        Integer inter = layout.tempo().checkIntervalMillis();
        long interMillis = inter != null ? inter : topology.loadBalancers().healthCheck().intervalSeconds() * 1000L;
        return Duration.ofMillis(interMillis * topology.loadBalancers().healthCheck().unhealthyThreshold());
    }

    @Override
    public Duration hungRequestBudget() {
        Integer t = layout.tempo().lbTimeoutMillis();
        long timeout = t != null ? t : topology.loadBalancers().healthCheck().timeoutSeconds() * 1000L;
        return Duration.ofMillis(timeout + 1_000);
    }

    @Override
    public boolean inService(Node node) {
        if (node.tier() != Tier.PROMETHEUS) {
            throw new IllegalArgumentException("only Prometheus replicas sit behind the internal balancer: " + node.id());
        }
        String status = lbStatus().getOrDefault("prometheus-" + (node.index() + 1), "missing");
        return status.startsWith("UP");
    }

    @Override
    public String replicaOf(Node node) {
        return managed(node).env.getOrDefault("REPLICA", "");
    }

    @Override
    public void kill(Node node) {
        managed(node).process.kill();
    }

    @Override
    public void freeze(Node node) {
        managed(node).process.freeze();
    }

    @Override
    public void resume(Node node) {
        managed(node).process.resume();
    }

    @Override
    public void replace(Node node) {
        Managed m = managed(node);
        if (m.process.isAlive()) {
            m.process.kill();
        }
        launch(m, m.generation + 1);
        awaitReady(m);
    }

    @Override
    public void writePrometheusConfig(String yaml) {
        Path file = bundleDir.resolve("config/prometheus/prometheus.yml");
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".prometheus", ".yml");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shared config " + file, e);
        }
    }

    @Override
    public String prometheusConfig() {
        try {
            return Files.readString(bundleDir.resolve("config/prometheus/prometheus.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Http.Response reload(Node node) {
        return Http.post(node.resolve("/-/reload"), "");
    }

    @Override
    public Optional<String> grafanaAdminPassword(Node node) {
        return Optional.ofNullable(managed(node).env.get("GF_SECURITY_ADMIN_PASSWORD"));
    }

    @Override
    public String logTail(Node node, int lines) {
        return managed(node).process.logTail(lines);
    }

    @Override
    public Optional<AlertSink> alertSink() {
        return Optional.of(new AlertSink() {
            @Override
            public List<Notification> notifications() {
                return harness.notifications();
            }

            @Override
            public void raise(String probe, boolean on) {
                harness.probe(probe, on ? 1 : 0);
            }
        });
    }

    @Override
    public Map<String, Double> figures() {
        return Map.copyOf(figures);
    }

    /** True when the topology has a global federation layer running here. */
    public boolean hasGlobalLayer() {
        return topology.prometheus().federation().mode() == FederationMode.GLOBAL;
    }

    /**
     * Stops every process at once (SIGTERM, SIGKILL after a short grace: Alertmanager would otherwise
     * spend ~10 s leaving the mesh), stops the harness and deletes the working directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotAdded) {
                // the JVM is exiting: the hook runs or has run
            }
        }
        List<NodeProcess> running = nodes.values().stream().flatMap(List::stream)
                .map(m -> m.process).filter(p -> p != null).toList();
        running.parallelStream().forEach(p -> {
            try {
                p.stop(Duration.ofMillis(500));
            } catch (RuntimeException e) {
                LOG.warn("stopping {}: {}", p, e.toString());
            }
        });
        harness.close();
        if (!keepWorkDir) {
            // processes that were just killed may still be flushing into their data directories
            try {
                Wait.until("the working directory " + workDir + " removed", Duration.ofSeconds(5))
                        .polling(Duration.ofMillis(100)).on(this::deleteWorkDir, gone -> gone);
            } catch (Wait.WaitTimeoutException e) {
                LOG.warn("could not delete {}: {}", workDir, e.getMessage());
            }
        }
    }
}
