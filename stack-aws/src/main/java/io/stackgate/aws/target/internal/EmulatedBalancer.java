package io.stackgate.aws.target.internal;

import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.Renderer;
import io.stackgate.model.render.ThanosFlags;
import io.stackgate.verify.api.HaproxyStats;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.runtime.Ports;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.wait.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The emulated stack's load balancers: one HAProxy with the renderer's ALB-faithful configuration
 * ({@link Renderer#haproxyConfig}: no retries, health checks alone eject, fail-open), whose servers follow
 * each target group's <em>registered</em> targets through the runtime API. Every backend has fixed slots
 * (placeholders in maintenance); a registered target takes a slot ({@code set server … addr}, health down,
 * {@code state ready}: like an ALB's {@code initial} state it gets traffic only after {@code healthyThreshold}
 * passing checks), a deregistered one drains for the target group's deregistration delay and goes back to
 * maintenance. Health-check values are the target group's own, on the tempo's clock; a changed target group
 * health check restarts HAProxy with the new values.
 *
 * <p>Target health is this balancer's: moto's DescribeTargetHealth is synthetic (instance state), so
 * {@link #inService} reads HAProxy's checks, never moto.
 *
 * <p>Why one file over 300 lines: the slot model, the runtime-API commands that move targets through it and
 * the restart on changed health checks act on one HAProxy's state together.
 */
public final class EmulatedBalancer implements Balancer, AutoCloseable {
    /** The target group's health check and deregistration delay, in seconds, as the API shows them. */
    public record HealthSettings(int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold,
            int deregistrationDelaySeconds) {
    }

    private static final Map<Tier, String> BACKENDS = Map.of(Tier.PROMETHEUS, "prometheus", Tier.QUERY, "query",
            Tier.GRAFANA, "grafana");
    private static final String FAIL_OPEN = "_failopen";

    private final Topology topology;
    private final Deployment.Aws deployment;
    private final Path dir;
    private final String haproxy;
    private final int slots;
    private final double clockScale;
    private Function<Node, Optional<String>> instanceOf;
    private final Endpoint placeholder = Endpoint.loopback(Ports.free());
    private final Endpoint prometheusLb = Endpoint.loopback(Ports.free());
    private final Endpoint queryLb = Endpoint.loopback(Ports.free());
    private final Endpoint publicLb = Endpoint.loopback(Ports.free());
    private final Endpoint alertmanagerLb = Endpoint.loopback(Ports.free());
    private final Endpoint stats = Endpoint.loopback(Ports.free());
    private final Endpoint runtimeApi = Endpoint.loopback(Ports.free());
    private final HaproxyRuntime runtime;
    private final ScheduledExecutorService drains = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stackgate-emulated-drain");
        t.setDaemon(true);
        return t;
    });
    /** backend → slot index → instance id (null: free). */
    private final Map<Tier, String[]> assigned = new EnumMap<>(Tier.class);
    private final Map<String, String> addressOf = new LinkedHashMap<>();
    private HealthSettings settings;
    private Deployment.Balancer clocks;
    private NodeProcess process;

    /**
     * @param slots servers per backend: more than any target group will hold at once
     * @param instanceOf the instance behind a node
     */
    public EmulatedBalancer(Topology topology, Deployment.Emulation emulation, Path dir, String haproxy, int slots,
            Function<Node, Optional<String>> instanceOf) {
        this.topology = topology;
        // the clocks only: ThanosFlags and the balancer's tempo depend on the emulation, not on where configs live
        this.deployment = Deployment.Aws.emulated(dir.toString(), "http://" + queryLb, emulation);
        this.dir = dir;
        this.haproxy = haproxy;
        this.slots = slots;
        this.clockScale = deployment.emulation().balancer(topology.loadBalancers()).clockScale();
        this.instanceOf = instanceOf;
        this.runtime = new HaproxyRuntime(runtimeApi.host(), runtimeApi.port());
        for (Tier t : BACKENDS.keySet()) {
            assigned.put(t, new String[slots]);
        }
    }

    /** Sets how a node maps to its instance (the node view exists only after the balancer). */
    public synchronized void instances(Function<Node, Optional<String>> instanceOf) {
        this.instanceOf = instanceOf;
    }

    /** Starts HAProxy with {@code health} (the Prometheus target group's) and every slot in maintenance. */
    public synchronized void start(HealthSettings health) {
        this.settings = health;
        this.clocks = clocks(health);
        try {
            Files.createDirectories(dir);
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, new Renderer().haproxyConfig(topology, layout(clocks)));
            process = NodeProcess.start("haproxy", List.of(haproxy, "-db", "-f", cfg.toString()), dir, Map.of(),
                    dir.resolve("haproxy.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulated balancer's config in " + dir, e);
        }
        Wait.until("the emulated balancer's runtime API on " + runtimeApi, Duration.ofSeconds(15))
                .polling(Duration.ofMillis(50)).on(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("haproxy exited: " + process.logTail(20));
                    }
                    return runtime.command("show info").contains("Name: HAProxy");
                }, ok -> ok);
        for (Tier t : BACKENDS.keySet()) {
            for (int i = 0; i < slots; i++) {
                String server = BACKENDS.get(t) + "-" + (i + 1);
                runtime.command("set server " + BACKENDS.get(t) + "/" + server + " state maint");
                runtime.command("set server " + BACKENDS.get(t) + FAIL_OPEN + "/" + server + " state maint");
                String id = assigned.get(t)[i];
                if (id != null) {
                    enable(t, i, addressOf.get(id));
                }
            }
        }
    }

    /** The topology's balancer on the tempo's clock, with the target group's health-check values. */
    private Deployment.Balancer clocks(HealthSettings h) {
        Deployment.Balancer base = deployment.emulation().balancer(topology.loadBalancers());
        return new Deployment.Balancer(base.semantics(), scaled(h.intervalSeconds()), scaled(h.timeoutSeconds()),
                base.idleTimeoutMillis(), base.connectTimeoutMillis(), scaled(h.deregistrationDelaySeconds()),
                h.healthyThreshold(), h.unhealthyThreshold(), clockScale);
    }

    private int scaled(int seconds) {
        return (int) Math.max(50, Math.round(seconds * 1000.0 * clockScale));
    }

    /** The renderer's local layout with placeholder slots where the registered targets go. */
    private Deployment.Local layout(Deployment.Balancer b) {
        List<Endpoint> placeholders = new ArrayList<>();
        List<Deployment.QueryEndpoint> queries = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            placeholders.add(placeholder);
            queries.add(new Deployment.QueryEndpoint(placeholder, placeholder));
        }
        boolean query = topology.query().enabled();
        return new Deployment.Local(dir.toString(), placeholders, List.of(), placeholders, Map.of(), prometheusLb, publicLb,
                alertmanagerLb, stats, null, null, "http://127.0.0.1:" + stats.port() + "/unused",
                deployment.emulation().tempo(), List.of(), query ? queries : List.of(), query ? queryLb : null, runtimeApi, b);
    }

    /** Restarts HAProxy when a target group's health check changed through the API. */
    public synchronized void follow(HealthSettings health) {
        if (!health.equals(settings)) {
            process.stop(Duration.ofMillis(500));
            start(health);
        }
    }

    /** Puts {@code instanceId} at {@code address} ({@code ip:port}) into {@code tier}'s backend, if not there. */
    public synchronized void register(Tier tier, String instanceId, String address) {
        String[] s = assigned.get(tier);
        for (String id : s) {
            if (instanceId.equals(id)) {
                return;
            }
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] == null) {
                s[i] = instanceId;
                addressOf.put(instanceId, address);
                enable(tier, i, address);
                return;
            }
        }
        throw new IllegalStateException("the emulated balancer has no free slot in " + BACKENDS.get(tier) + " for "
                + instanceId + " (" + slots + " slots)");
    }

    private void enable(Tier tier, int slot, String address) {
        String b = BACKENDS.get(tier);
        String server = b + "-" + (slot + 1);
        String[] hp = address.split(":");
        for (String backend : List.of(b, b + FAIL_OPEN)) {
            runtime.command("set server " + backend + "/" + server + " addr " + hp[0] + " port " + hp[1]);
        }
        runtime.command("set server " + b + "/" + server + " health down");
        runtime.command("set server " + b + "/" + server + " state ready");
        runtime.command("set server " + b + FAIL_OPEN + "/" + server + " state ready");
    }

    /** Drains {@code instanceId} out of {@code tier}'s backend for the deregistration delay, then frees its slot. */
    public synchronized void deregister(Tier tier, String instanceId) {
        String[] s = assigned.get(tier);
        for (int i = 0; i < s.length; i++) {
            if (instanceId.equals(s[i])) {
                int slot = i;
                String b = BACKENDS.get(tier);
                String server = b + "-" + (slot + 1);
                runtime.command("set server " + b + "/" + server + " state drain");
                runtime.command("set server " + b + FAIL_OPEN + "/" + server + " state drain");
                s[i] = "draining:" + instanceId;
                drains.schedule(() -> finishDrain(tier, slot, instanceId), clocks.drainMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
    }

    private synchronized void finishDrain(Tier tier, int slot, String instanceId) {
        String[] s = assigned.get(tier);
        if (!("draining:" + instanceId).equals(s[slot]) || process == null || !process.isAlive()) {
            return;
        }
        String b = BACKENDS.get(tier);
        String server = b + "-" + (slot + 1);
        try {
            runtime.command("set server " + b + "/" + server + " state maint");
            runtime.command("set server " + b + FAIL_OPEN + "/" + server + " state maint");
        } catch (UncheckedIOException stopped) {
            // the balancer is stopping: nothing left to drain into
        }
        s[slot] = null;
    }

    /** The instances in {@code tier}'s backend (registered, draining ones excluded). */
    public synchronized List<String> registered(Tier tier) {
        List<String> out = new ArrayList<>();
        for (String id : assigned.get(tier)) {
            if (id != null && !id.startsWith("draining:")) {
                out.add(id);
            }
        }
        return out;
    }

    /** Whether HAProxy's checks have {@code instanceId} up in {@code tier}'s backend now. */
    public synchronized boolean healthy(Tier tier, String instanceId) {
        String[] s = assigned.get(tier);
        for (int i = 0; i < s.length; i++) {
            if (instanceId.equals(s[i])) {
                String b = BACKENDS.get(tier);
                Map<String, String> servers = HaproxyStats.at(URI.create("http://" + stats)).servers(b)
                        .orElseThrow(() -> new IllegalStateException("the emulated balancer's stats page " + stats
                                + " did not answer"));
                return servers.getOrDefault(b + "-" + (i + 1), "missing").startsWith("UP");
            }
        }
        return false;
    }

    @Override
    public URI datasource() {
        return URI.create("http://" + (topology.query().enabled() ? queryLb : prometheusLb));
    }

    /** The internal balancer's Prometheus frontend (without a query tier, the datasource). */
    public URI prometheusFrontend() {
        return URI.create("http://" + prometheusLb);
    }

    public URI statsPage() {
        return URI.create("http://" + stats + "/stats");
    }

    @Override
    public boolean inService(Node node) {
        Tier tier = switch (node.tier()) {
            case PROMETHEUS -> Tier.PROMETHEUS;
            case QUERY -> Tier.QUERY;
            case GRAFANA -> Tier.GRAFANA;
            default -> throw new IllegalArgumentException("only Prometheus, query and Grafana nodes sit behind the "
                    + "emulated balancers: " + node.id());
        };
        return instanceOf.apply(node).map(id -> healthy(tier, id)).orElse(false);
    }

    @Override
    public synchronized Duration checkWindow() {
        return Duration.ofMillis((long) clocks.intervalMillis() * clocks.unhealthyThreshold());
    }

    @Override
    public Duration hungRequestBudget() {
        Duration wait = topology.query().enabled() ? ThanosFlags.of(topology, deployment).storeResponseTimeout()
                : Duration.ofMillis(clocks.checkTimeoutMillis());
        return wait.plusSeconds(1);
    }

    @Override
    public double realClockFactor() {
        return 1 / clockScale;
    }

    /** The process, for the target's inventory of what runs. */
    public synchronized Optional<NodeProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public synchronized void close() {
        drains.shutdownNow();
        if (process != null) {
            process.stop(Duration.ofMillis(500));
        }
    }
}
