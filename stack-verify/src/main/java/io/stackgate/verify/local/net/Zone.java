package io.stackgate.verify.local.net;

import java.util.List;

/**
 * One AZ of an {@link AzNetwork}: its network namespace, the root-side end of its veth (on the
 * bridge), its /24, the root namespace's address in that /24 and the node addresses (in order; a
 * node takes one and binds to it).
 *
 * @param index      0-based AZ index, the order the network was created with
 * @param namespace  the network namespace, e.g. {@code sg4711a-0}
 * @param hostLink   the veth end on the bridge, e.g. {@code sg4711a-v0}; inside the namespace it is {@code eth0}
 * @param subnet     e.g. {@code 10.231.8.0/24}
 * @param gateway    the bridge's address in {@link #subnet}, e.g. {@code 10.231.8.1}
 * @param addresses  node addresses, e.g. {@code 10.231.8.10}, {@code 10.231.8.11}, …
 */
public record Zone(int index, String namespace, String hostLink, String subnet, String gateway, List<String> addresses) {
    public Zone {
        addresses = List.copyOf(addresses);
    }

    /** The {@code n}-th node address of this zone; fails when the zone was created with fewer. */
    public String address(int n) {
        if (n < 0 || n >= addresses.size()) {
            throw new IndexOutOfBoundsException("zone " + index + " has addresses 0.." + (addresses.size() - 1)
                    + ", not " + n + "; create the network with more addresses per zone");
        }
        return addresses.get(n);
    }
}
