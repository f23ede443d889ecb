package io.stackgate.verify.local.internal;

import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.Deployment.HostPlan;
import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.local.net.Zone;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where the local target's processes run: all in this JVM's network namespace on loopback, or each in
 * the namespace of the AZ its address belongs to (started through {@code ip netns exec}), the balancer
 * in the root namespace. With link proxies, a process that a proxy stands in front of binds its
 * namespace's loopback at the advertised port, and the proxy binds the advertised address: the proxy is
 * then the only way in, as a slow NIC would be.
 */
public final class Placement {
    private final HostPlan plan;
    private final AzNetwork network;
    private final boolean proxied;

    private Placement(HostPlan plan, AzNetwork network, boolean proxied) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.network = network;
        this.proxied = proxied;
    }

    /** Every process on loopback, as the local target runs without root. */
    public static Placement loopback() {
        return new Placement(HostPlan.loopback(), null, false);
    }

    /** Every node in its AZ's namespace of {@code network}; {@code proxied}: link proxies stand in front of the replicas. */
    public static Placement zones(AzNetwork network, boolean proxied) {
        return new Placement(plan(network), Objects.requireNonNull(network, "network"), proxied);
    }

    /** The host plan of {@code network}: its root address, and per zone its node addresses. */
    public static HostPlan plan(AzNetwork network) {
        return new HostPlan(network.harnessAddress(), network.zones().stream().map(Zone::addresses).toList());
    }

    public HostPlan plan() {
        return plan;
    }

    /** Whether the nodes run in AZ namespaces. */
    public boolean zoned() {
        return network != null;
    }

    /** Whether link proxies stand in front of the Prometheus replicas (see {@link LinkProxies}). */
    public boolean proxied() {
        return proxied;
    }

    /** The AZ network, when {@link #zoned()}. */
    public AzNetwork network() {
        if (network == null) {
            throw new IllegalStateException("the local target runs on loopback: there is no AZ network");
        }
        return network;
    }

    /** The AZ (0-based) the process bound to {@code host} runs in; empty for the root namespace and on loopback. */
    public OptionalInt zoneOf(String host) {
        return plan.zoneOf(host);
    }

    /** {@code command} as it is started for a process bound to {@code host}: inside its AZ's namespace, or as is. */
    public List<String> launch(String host, List<String> command) {
        OptionalInt zone = zoneOf(host);
        return zone.isPresent() ? network.run(zone.getAsInt(), command) : command;
    }

    /**
     * The address a process binds for {@code advertised} when a link proxy stands in front of it: its
     * namespace's loopback at the same port (the proxy takes the advertised address); without proxies,
     * {@code advertised} itself.
     */
    public String bindBehindProxy(Endpoint advertised) {
        return proxied ? "127.0.0.1:" + advertised.port() : advertised.toString();
    }
}
