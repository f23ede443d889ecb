package io.stackgate.verify.local.internal;

import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.local.net.Toxic;
import io.stackgate.verify.local.net.Toxiproxy;
import io.stackgate.verify.local.net.ToxiproxyException;
import io.stackgate.verify.target.LinkFaults;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * Slow links in front of the Prometheus replicas: one real toxiproxy-server per AZ that holds a replica,
 * running inside that AZ's namespace, with a proxy in front of every replica there on the datasource's
 * way to it — its sidecar's gRPC (the query tier's way) with a query tier, its HTTP (the balancer's way)
 * without. Only that path: every other client (scrapes, the checks) reaches the replica directly, so
 * the proxies cost the stack nothing it does not need to be slowable. A proxy binds the address the
 * layout advertises and the process behind it its namespace's loopback (see {@link
 * Placement#bindBehindProxy}), so every client of that path goes through the proxy, and the AZ's
 * partition and outage act on the proxy as on the replica (it sits on the AZ's side of the cut).
 * Every replica can be slowed, so no replica is special.
 */
public final class LinkProxies implements LinkFaults, AutoCloseable {
    /** How long a toxic's removal may take (see {@link #remove}). */
    static final Duration REMOVAL = Duration.ofSeconds(60);

    private final List<Toxiproxy> servers;
    private final Map<String, List<Toxiproxy.Proxy>> byNode;
    private final Map<String, List<Toxic>> toxics = new LinkedHashMap<>();

    private LinkProxies(List<Toxiproxy> servers, Map<String, List<Toxiproxy.Proxy>> byNode) {
        this.servers = List.copyOf(servers);
        this.byNode = Map.copyOf(byNode);
    }

    /**
     * Starts the servers and proxies for {@code layout}'s replicas; everything started is stopped again
     * when one fails.
     *
     * @param nodeIds the replicas' node ids, in replica order
     */
    public static LinkProxies start(Path binary, Deployment.Local layout, List<String> nodeIds, Placement placement,
            IntSupplier ports) {
        AzNetwork net = placement.network();
        Map<Integer, List<Integer>> replicasByZone = new TreeMap<>();
        for (int i = 0; i < layout.prometheus().size(); i++) {
            OptionalInt zone = placement.zoneOf(layout.prometheus().get(i).host());
            replicasByZone.computeIfAbsent(zone.orElseThrow(), z -> new ArrayList<>()).add(i);
        }
        List<Toxiproxy> servers = new ArrayList<>();
        Map<String, List<Toxiproxy.Proxy>> byNode = new LinkedHashMap<>();
        try {
            for (Map.Entry<Integer, List<Integer>> zone : replicasByZone.entrySet()) {
                int z = zone.getKey();
                // the API on the first replica's address of the AZ: an address of that namespace this JVM reaches
                String apiHost = layout.prometheus().get(zone.getValue().get(0)).host();
                Toxiproxy server = Toxiproxy.start(binary, apiHost, cmd -> net.run(z, cmd), ports);
                servers.add(server);
                for (int i : zone.getValue()) {
                    String id = nodeIds.get(i);
                    byNode.put(id, List.of(layout.hasQueryTier()
                            ? proxy(server, id + "-sidecar-grpc", layout.sidecars().get(i).grpc(), placement)
                            : proxy(server, id + "-http", layout.prometheus().get(i), placement)));
                }
            }
            return new LinkProxies(servers, byNode);
        } catch (RuntimeException e) {
            servers.forEach(Toxiproxy::close);
            throw e;
        }
    }

    private static Toxiproxy.Proxy proxy(Toxiproxy server, String name, Endpoint front, Placement placement) {
        return server.proxy(name, front.toString(), placement.bindBehindProxy(front));
    }

    /**
     * Delays everything the replica sends back through its proxies by {@code latency} (a Toxiproxy latency
     * toxic on the downstream: each answer comes {@code latency} later, as over a slow link).
     *
     * @throws IllegalArgumentException for a node that is not a Prometheus replica of this target
     */
    @Override
    public synchronized void slow(Node node, Duration latency) {
        for (Toxiproxy.Proxy proxy : proxies(node)) {
            toxics.computeIfAbsent(proxy.name(), n -> new ArrayList<>()).add(proxy.latency(latency, Duration.ZERO));
        }
    }

    /**
     * Removes every toxic {@link #slow} added to the node's proxies; no-op when it is not slowed. Returns
     * once the server no longer holds them (bounded by {@link #REMOVAL}).
     *
     * @throws ToxiproxyException when a toxic is still there after {@link #REMOVAL}
     */
    @Override
    public synchronized void unslow(Node node) {
        for (Toxiproxy.Proxy proxy : proxies(node)) {
            List<Toxic> added = toxics.remove(proxy.name());
            if (added != null) {
                added.forEach(t -> remove(proxy, t));
            }
        }
    }

    /**
     * toxiproxy-server removes a latency toxic from every connection of the proxy under one lock, and
     * flushes each connection's delayed data first, waiting up to 5 s per write to a client that has
     * stopped reading (Shopify/toxiproxy#412, #558): with clients that gave up on the slow replica (the
     * balancer's health checks) the DELETE answers after our request timeout, but completes. So a
     * timed-out DELETE is followed by a wait until the toxic is gone.
     */
    private static void remove(Toxiproxy.Proxy proxy, Toxic toxic) {
        try {
            proxy.remove(toxic);
        } catch (ToxiproxyException slowOrGone) {
            Wait.until("toxic " + toxic.name() + " removed from " + proxy, REMOVAL).polling(Duration.ofMillis(200))
                    .on(proxy::toxics, names -> !names.contains(toxic.name()));
        }
    }

    /**
     * Closes the proxies in front of a replica whose processes died: the replica's port refuses
     * connections, as on an instance whose process is gone, instead of a live proxy accepting them and
     * closing them unanswered. No-op for a node without proxies.
     */
    synchronized void processesDown(Node node) {
        byNode.getOrDefault(node.id(), List.of()).forEach(p -> p.enabled(false));
    }

    /** Opens the proxies in front of a replica started again (idempotent; no-op without proxies). */
    synchronized void processesUp(Node node) {
        byNode.getOrDefault(node.id(), List.of()).forEach(p -> p.enabled(true));
    }

    /** The proxies in front of {@code node} (one: its sidecar's gRPC with a query tier, its HTTP without). */
    public List<Toxiproxy.Proxy> proxies(Node node) {
        List<Toxiproxy.Proxy> p = node.tier() == Tier.PROMETHEUS ? byNode.get(node.id()) : null;
        if (p == null) {
            throw new IllegalArgumentException("slow links stand in front of the Prometheus replicas " + byNode.keySet()
                    + " only, not " + node.id());
        }
        return p;
    }

    /** Process ids of the toxiproxy servers, for process accounting. */
    public List<Long> pids() {
        return servers.stream().map(Toxiproxy::pid).toList();
    }

    @Override
    public void close() {
        servers.forEach(Toxiproxy::close);
    }
}
