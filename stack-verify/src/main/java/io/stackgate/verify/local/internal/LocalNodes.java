package io.stackgate.verify.local.internal;

import io.stackgate.verify.target.GrafanaLogin;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Tier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The local target's processes as {@link Nodes}, with the process faults they can take. */
public final class LocalNodes implements Nodes, ProcessFaults, GrafanaLogin {
    private final NodeDefinitions definitions;
    private final Path workDir;
    private final BooleanSupplier closed;
    private volatile LinkProxies links;

    /** {@code closed} tells when the target is stopping: then no process may be started. */
    public LocalNodes(NodeDefinitions definitions, Path workDir, BooleanSupplier closed) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.workDir = workDir;
        this.closed = closed;
    }

    /** The link proxies in front of the replicas, closed while a replica's processes are down. */
    public void links(LinkProxies links) {
        this.links = links;
    }

    /** Every node, tier by tier in {@link Tier} order. */
    public List<LocalNode> all() {
        return definitions.nodes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Starts generation 0 of every node, then waits until each is ready (tier order). */
    public void startAll() {
        all().forEach(n -> launch(n, 0));
        all().forEach(LocalNode::awaitReady);
    }

    private void launch(LocalNode n, int gen) {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("the local target is closed (stopping): not starting " + n.node().id());
        }
        n.launch(gen, workDir);
        if (links != null) {
            links.processesUp(n.node());
        }
    }

    /** Starts the node's current generation again: the same data directories (a stopped instance started). */
    void restart(LocalNode n) {
        n.processes().stream().filter(p -> p.isAlive()).forEach(p -> p.kill());
        launch(n, n.generation());
    }

    LocalNode managed(Node node) {
        return definitions.nodes().getOrDefault(node.tier(), List.of()).stream()
                .filter(m -> m.node().id().equals(node.id())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + node.id() + " on the local target"));
    }

    @Override
    public List<Node> nodes(Tier tier) {
        return definitions.nodes().getOrDefault(tier, List.of()).stream().map(LocalNode::node).toList();
    }

    @Override
    public Optional<String> unavailable(Tier tier) {
        return Optional.ofNullable(definitions.unavailable().get(tier));
    }

    @Override
    public String replicaOf(Node node) {
        return managed(node).env().getOrDefault("REPLICA", "");
    }

    @Override
    public String logTail(Node node, int lines) {
        return managed(node).logTail(lines);
    }

    @Override
    public void kill(Node node) {
        managed(node).processes().forEach(p -> p.kill());
        if (links != null) {
            links.processesDown(node);
        }
    }

    @Override
    public void freeze(Node node) {
        managed(node).processes().forEach(p -> p.freeze());
    }

    @Override
    public void resume(Node node) {
        managed(node).processes().forEach(p -> p.resume());
    }

    @Override
    public void replace(Node node) {
        LocalNode m = managed(node);
        m.processes().stream().filter(p -> p.isAlive()).forEach(p -> p.kill());
        if (links != null) {
            links.processesDown(node);
        }
        launch(m, m.generation() + 1);
        m.awaitReady();
    }

    @Override
    public Optional<String> adminPassword(Node node) {
        return Optional.ofNullable(managed(node).env().get("GF_SECURITY_ADMIN_PASSWORD"));
    }
}
