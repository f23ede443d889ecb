package io.stackgate.verify.local.internal;

import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.local.net.Availability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.ZoneFaults;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The topology's AZs as the local target's network namespaces. An outage takes the AZ's link down and
 * kills every process of its nodes (kill -9: an AZ lost is not a clean shutdown); restore brings the
 * link up and starts the same nodes again on their own data directories — stopped instances coming back
 * with their disks, not replacements. A partition cuts the AZ from the other AZs with nftables, both
 * sides running, the balancer and the harness (root namespace) still reaching both.
 */
public final class LocalZones implements ZoneFaults {
    private final List<String> names;
    private final LocalNodes nodes;
    private final Placement placement;

    /** {@code names}: the topology's AZs, in the order of the network's zones. */
    public LocalZones(List<String> names, LocalNodes nodes, Placement placement) {
        this.names = List.copyOf(names);
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.placement = Objects.requireNonNull(placement, "placement");
        if (placement.network().zones().size() != this.names.size()) {
            throw new IllegalArgumentException("the AZ network has " + placement.network().zones().size()
                    + " zones, the topology " + this.names.size() + " AZs " + this.names);
        }
    }

    @Override
    public List<String> zones() {
        return names;
    }

    /** @throws IllegalArgumentException for a node outside the AZs (the balancer: a regional service) */
    @Override
    public String zoneOf(Node node) {
        OptionalInt z = placement.zoneOf(node.url().getHost());
        if (z.isEmpty()) {
            throw new IllegalArgumentException(node.id() + " runs outside the AZs (" + node.url().getHost()
                    + " is the root namespace's address)");
        }
        return names.get(z.getAsInt());
    }

    @Override
    public synchronized void outage(String zone) {
        int z = index(zone);
        AzNetwork net = placement.network();
        // the link first: peers see the AZ go silent (timeouts), as on AWS, not refused connections
        net.outage(z);
        inZone(z).forEach(n -> n.processes().stream().filter(p -> p.isAlive()).forEach(p -> p.kill()));
    }

    /** Link up, then every node of the AZ started again on its data directory; returns when each is ready. */
    @Override
    public synchronized void restore(String zone) {
        int z = index(zone);
        placement.network().restore(z);
        List<LocalNode> back = inZone(z);
        back.forEach(nodes::restart);
        back.forEach(LocalNode::awaitReady);
    }

    /** @throws UnsupportedOperationException with the reason when nftables does not work here */
    @Override
    public synchronized void partition(String zone) {
        int z = index(zone);
        Availability nft = AzNetwork.partitionsAvailable();
        if (!nft.available()) {
            throw new UnsupportedOperationException(nft.reason());
        }
        placement.network().partition(z);
    }

    @Override
    public synchronized void heal(String zone) {
        placement.network().heal(index(zone));
    }

    private List<LocalNode> inZone(int z) {
        return nodes.all().stream().filter(n -> placement.zoneOf(n.node().url().getHost()).orElse(-1) == z).toList();
    }

    private int index(String zone) {
        int i = names.indexOf(zone);
        if (i < 0) {
            throw new IllegalArgumentException("no AZ " + zone + " in the topology; its AZs are " + names);
        }
        return i;
    }
}
