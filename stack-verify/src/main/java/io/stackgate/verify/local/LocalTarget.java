package io.stackgate.verify.local;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.BundleWriter;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.LocalLayouts;
import io.stackgate.model.render.Renderer;
import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.ExitHook;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.runtime.Ports;
import io.stackgate.runtime.TreeWriter;
import io.stackgate.verify.local.internal.Harness;
import io.stackgate.verify.local.internal.LinkProxies;
import io.stackgate.verify.local.internal.LocalBalancer;
import io.stackgate.verify.local.internal.LocalNodes;
import io.stackgate.verify.local.internal.LocalZones;
import io.stackgate.verify.local.internal.NodeDefinitions;
import io.stackgate.verify.local.internal.Placement;
import io.stackgate.verify.local.internal.SharedConfigFile;
import io.stackgate.verify.local.net.Availability;
import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.local.net.Toxiproxy;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.ConfigPush;
import io.stackgate.verify.target.GrafanaLogin;
import io.stackgate.verify.target.LinkFaults;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.TargetStartException;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.target.ZoneFaults;
import io.stackgate.verify.wait.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local target: the generated bundle run as real processes — every Prometheus
 * replica with its own data directory and {@code REPLICA}, all reading the one shared
 * {@code prometheus.yml}; the Alertmanagers in one gossip cluster; node exporters standing in for
 * the scraped hosts; HAProxy as the load balancers; an in-process harness as the webhook receiver.
 * Ports are allocated dynamically. Everything is stopped on {@link #close()}, on JVM exit and on
 * SIGTERM. Clocks are compressed ({@link Deployment.Tempo#fast()}) so that checks take seconds.
 *
 * <p>Where they run ({@link Network}): with root, every AZ of the topology is a network namespace of
 * an {@link AzNetwork} — node {@code i} of a tier in AZ {@code i % zones}, each on its own address
 * there; HAProxy, the harness and the checks' clients in the root namespace on its address, the one
 * the AZs reach — and the target offers {@link ZoneFaults} (outage, partition) and, with
 * toxiproxy-server installed, {@link LinkFaults} (a proxy in front of every replica, in its AZ).
 * Without root, or with {@code network=loopback}, everything is on loopback and those two
 * capabilities are missing with the reason, so their checks are SKIPPED.
 *
 * <p>This class owns the lifecycle; the nodes, the balancer's view, the zones, the link proxies and the
 * shared config file are the capabilities in {@code local.internal}.
 *
 * <p>Why one file over 300 lines: the lifecycle in order (network, nodes, balancer, readiness, close on
 * every path), which a reader follows top to bottom; the capabilities themselves live in local.internal.
 */
public final class LocalTarget implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTarget.class);
    static final List<String> REQUIRED = List.of("prometheus", "prometheus-alertmanager", "prometheus-node-exporter", "haproxy");
    /** The {@link TargetOptions} setting that chooses the {@link Network}. */
    public static final String NETWORK_SETTING = "network";

    /** Where the local target's processes run. */
    public enum Network {
        /** AZ namespaces when {@link AzNetwork#available()} says so, else loopback (with the reason). */
        AUTO,
        /** Everything on loopback, also as root: AZ and link faults are missing. */
        LOOPBACK,
        /** AZ namespaces, or a start failure with the reason they cannot be built here. */
        ZONES;

        /**
         * The {@value #NETWORK_SETTING} setting of {@code options}: {@code auto} (default), {@code loopback} or {@code zones}.
         *
         * @throws IllegalArgumentException naming the setting and its values when it holds anything else
         */
        public static Network of(TargetOptions options) {
            String v = options.setting(NETWORK_SETTING).orElse("auto").strip().toLowerCase(java.util.Locale.ROOT);
            return switch (v) {
                case "auto" -> AUTO;
                case "loopback" -> LOOPBACK;
                case "zones" -> ZONES;
                default -> throw new IllegalArgumentException("the local target's setting " + NETWORK_SETTING + "=" + v
                        + " is not one of auto, loopback, zones");
            };
        }
    }

    private final Topology topology;
    private final Path workDir;
    private final Path bundleDir;
    private final Harness harness;
    private final Bundle bundle;
    private final boolean keepWorkDir;
    private final LocalNodes nodes;
    private final Placement placement;
    private final Deployment.Local layout;
    private final Binaries binaries;
    private final String noZonesReason;
    private LinkProxies links;
    private Capabilities capabilities;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile ExitHook exitHook;

    private LocalTarget(Topology topology, Path workDir, Harness harness, Binaries binaries, boolean keep,
            Placement placement, String noZonesReason) {
        this.topology = topology;
        this.workDir = workDir;
        this.bundleDir = workDir.resolve("bundle");
        this.harness = harness;
        this.keepWorkDir = keep;
        this.placement = placement;
        this.binaries = binaries;
        this.noZonesReason = noZonesReason;
        this.layout = LocalLayouts.allocate(topology, bundleDir.resolve("config").toString(), Ports::free,
                Deployment.Tempo.fast(), harness.webhookUrl(), Endpoint.of(harness.host(), harness.port()), placement.plan());
        this.bundle = new Renderer().render(topology, layout);
        this.nodes = new LocalNodes(NodeDefinitions.of(topology, layout, binaries, workDir, placement), workDir, () -> closed);
        this.capabilities = Capabilities.of("local")
                .with(Nodes.class, nodes)
                .with(ProcessFaults.class, nodes)
                .with(GrafanaLogin.class, nodes)
                .with(Balancer.class, new LocalBalancer(topology, layout))
                .with(ConfigPush.class, new SharedConfigFile(bundleDir.resolve("config/prometheus/prometheus.yml")))
                .with(AlertSink.class, harness);
        if (placement.zoned()) {
            capabilities = capabilities.with(ZoneFaults.class, new LocalZones(topology.availabilityZones(), nodes, placement));
        } else {
            capabilities = capabilities.without(ZoneFaults.class, noZonesReason).without(LinkFaults.class, noZonesReason);
        }
    }

    /** Starts the replica of {@code topology} ({@link Network#AUTO}) and waits until every node is ready. */
    public static LocalTarget start(Topology topology) {
        return start(topology, new Binaries(), false);
    }

    /** As {@link #start(Topology)}, on {@code network}. */
    public static LocalTarget start(Topology topology, Network network) {
        return start(topology, new Binaries(), false, network);
    }

    /** As {@link #start(Topology, Binaries, boolean, Network)} with {@link Network#AUTO}. */
    public static LocalTarget start(Topology topology, Binaries binaries, boolean keepWorkDir) {
        return start(topology, binaries, keepWorkDir, Network.AUTO);
    }

    /**
     * Starts the replica of {@code topology}.
     *
     * @param keepWorkDir keep the working directory (bundle, data, logs) after close, for debugging
     * @param network     where the processes run (see {@link Network})
     * @throws io.stackgate.runtime.MissingBinaryException when a required program is not installed
     * @throws TargetStartException when a node does not become ready, or with {@link Network#ZONES} when
     *     the AZ network cannot be built here (with the reason); everything started is stopped
     */
    public static LocalTarget start(Topology topology, Binaries binaries, boolean keepWorkDir, Network network) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(network, "network");
        REQUIRED.forEach(binaries::require);
        if (topology.query().enabled()) {
            binaries.require("thanos");
        }
        long t0 = System.nanoTime();
        String[] noZones = {""};
        AzNetwork net = network == Network.LOOPBACK ? null : azNetwork(topology, network, noZones);
        Placement placement = net == null ? Placement.loopback()
                : Placement.zones(net, Toxiproxy.available().available());
        double networkSeconds = (System.nanoTime() - t0) / 1e9;
        Path work;
        Harness harness;
        try {
            work = Files.createTempDirectory("stackgate-local-");
            Files.createDirectories(work.resolve("logs"));
            harness = Harness.start(placement.plan().root());
        } catch (IOException e) {
            closeQuietly(net);
            throw new UncheckedIOException("cannot prepare the local target's working directory", e);
        }
        LocalTarget target;
        try {
            target = new LocalTarget(topology, work, harness, binaries, keepWorkDir, placement,
                    network == Network.LOOPBACK ? "the local target runs on loopback (" + NETWORK_SETTING
                            + "=loopback): AZ and link faults need one network namespace per AZ" : noZones[0]);
        } catch (RuntimeException e) {
            harness.close();
            closeQuietly(net);
            throw e;
        }
        if (net != null) {
            target.figures.put("az_network_setup_s", networkSeconds);
        }
        // SIGINT/SIGTERM: stop the nodes and remove the working directory, as close() would
        target.exitHook = ExitHook.register("stackgate-local-close", target::close);
        try {
            target.boot();
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** The AZ network, or null (loopback) with the reason in {@code reason[0]}. */
    private static AzNetwork azNetwork(Topology topology, Network network, String[] reason) {
        Availability available = AzNetwork.available();
        if (available.available()) {
            int zones = topology.availabilityZones().size();
            try {
                return AzNetwork.create(zones, Math.max(1, LocalLayouts.addressesPerZone(topology, zones)));
            } catch (RuntimeException e) {
                if (network == Network.ZONES) {
                    throw new TargetStartException("cannot build the AZ network the local target was asked to run on ("
                            + NETWORK_SETTING + "=zones): " + e.getMessage(), e);
                }
                LOG.warn("AZ network not built, running on loopback: {}", e.getMessage());
                reason[0] = "the AZ network could not be built, the local target runs on loopback: " + e.getMessage();
                return null;
            }
        }
        if (network == Network.ZONES) {
            throw new TargetStartException("the local target was asked to run on AZ namespaces (" + NETWORK_SETTING
                    + "=zones): " + available.reason(), null);
        }
        reason[0] = available.reason();
        return null;
    }

    private void boot() {
        long t0 = System.nanoTime();
        try {
            new BundleWriter().write(bundle, bundleDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local bundle to " + bundleDir, e);
        }
        if (placement.zoned()) {
            Optional<Path> toxiproxy = Toxiproxy.find();
            if (toxiproxy.isPresent()) {
                links = LinkProxies.start(toxiproxy.get(), layout, nodes.nodes(Tier.PROMETHEUS).stream().map(Node::id)
                        .toList(), placement, Ports::free);
                capabilities = capabilities.with(LinkFaults.class, links);
                nodes.links(links);
            } else {
                capabilities = capabilities.without(LinkFaults.class, Toxiproxy.available().reason());
            }
        }
        nodes.startAll();
        figures.put("time_to_ready_s", (System.nanoTime() - t0) / 1e9);
        LOG.info("local target of {} ready in {} s ({}, {})", topology.name(), figures.get("time_to_ready_s"), workDir,
                placement.zoned() ? placement.network() : "loopback");
    }

    /** The AZ network the nodes run in, when they do (root); empty on loopback. */
    public Optional<AzNetwork> network() {
        return placement.zoned() ? Optional.of(placement.network()) : Optional.empty();
    }

    @Override
    public String name() {
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

    @Override
    public synchronized Capabilities capabilities() {
        return capabilities;
    }

    /** Where the bundle, data directories and logs of this replica live. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public Map<String, Double> figures() {
        return Map.copyOf(figures);
    }

    /**
     * Stops every process at once (SIGTERM, SIGKILL after a short grace: Alertmanager would otherwise
     * spend ~10 s leaving the mesh), the link proxies and the harness, removes the AZ network
     * (namespaces, links, bridge) and deletes the working directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exitHook != null) {
            exitHook.cancel();
        }
        List<NodeProcess> running = nodes.all().stream().flatMap(n -> n.processes().stream()).toList();
        running.parallelStream().forEach(p -> {
            try {
                p.stop(Duration.ofMillis(500));
            } catch (RuntimeException e) {
                LOG.warn("stopping {}: {}", p, e.toString());
            }
        });
        if (links != null) {
            links.close();
        }
        harness.close();
        if (placement.zoned()) {
            try {
                placement.network().close();
            } catch (RuntimeException e) {
                LOG.warn("removing the AZ network {}: {}", placement.network(), e.getMessage());
            }
        }
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

    private static void closeQuietly(AzNetwork net) {
        if (net != null) {
            try {
                net.close();
            } catch (RuntimeException e) {
                LOG.warn("removing the AZ network {}: {}", net, e.getMessage());
            }
        }
    }

    /** Deletes the working directory; true when nothing is left. */
    private boolean deleteWorkDir() {
        try {
            TreeWriter.delete(workDir);
        } catch (IOException e) {
            LOG.debug("deleting {}: {}", workDir, e.getMessage());
        }
        return !Files.exists(workDir);
    }
}
