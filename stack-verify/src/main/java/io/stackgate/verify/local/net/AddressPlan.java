package io.stackgate.verify.local.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of one network: a block of eight /24s inside {@code 10.231.0.0/16} (32 blocks), zone
 * {@code i} in the block's {@code i}-th /24 and the harness (root namespace) in the last one.
 * 10.231/16 is nobody's default (Docker takes 172.17+/16, Kubernetes 10.96/12 and 10.244/16, AWS
 * default VPCs 172.31/16, home routers 10.0/16 and 192.168/16), and a block is used only when no
 * route on the host shares an address with it, so a run never shadows an existing network.
 */
record AddressPlan(int base) {
    /** Zones per block: one /24 of the eight is the harness's. */
    static final int MAX_ZONES = 7;
    /** Hosts per zone: {@code .10} up to {@code .209}. */
    static final int MAX_HOSTS = 200;
    static final Cidr RANGE = Cidr.parse("10.231.0.0/16");
    private static final int BLOCKS = 32;
    private static final int FIRST_HOST = 10;

    AddressPlan {
        if (base < 0 || base > 248 || base % 8 != 0) {
            throw new IllegalArgumentException("block base " + base + " is not a multiple of 8 in 0..248");
        }
    }

    /**
     * The first block, starting at {@code pid % 32} (so concurrent runs start apart), that overlaps
     * none of {@code routes}; a default route ({@code 0.0.0.0/0}) is not counted, it covers everything.
     *
     * @throws NetworkSetupException when every block of 10.231.0.0/16 is taken, naming the routes
     */
    static AddressPlan choose(long pid, List<Cidr> routes) {
        List<Cidr> specific = routes.stream().filter(r -> r.length() > 0).toList();
        for (int i = 0; i < BLOCKS; i++) {
            AddressPlan plan = new AddressPlan((int) ((pid + i) % BLOCKS) * 8);
            if (specific.stream().noneMatch(plan.block()::overlaps)) {
                return plan;
            }
        }
        List<String> inRange = new ArrayList<>();
        specific.stream().filter(RANGE::overlaps).forEach(r -> inRange.add(r.toString()));
        throw new NetworkSetupException("no free /21 left in " + RANGE + " for the AZ network: the host routes "
                + inRange + " cover all 32 blocks; remove stale stackgate bridges (ip -br link | grep '^sg') or free part"
                + " of " + RANGE);
    }

    Cidr block() {
        return new Cidr(RANGE.network() | base << 8, 21);
    }

    String subnet(int zone) {
        return prefix(checkZone(zone)) + "0/24";
    }

    /** The root namespace's (bridge's) address in the zone's subnet. */
    String gateway(int zone) {
        return prefix(checkZone(zone)) + "1";
    }

    String address(int zone, int host) {
        if (host < 0 || host >= MAX_HOSTS) {
            throw new IllegalArgumentException("host " + host + " is not 0.." + (MAX_HOSTS - 1));
        }
        return prefix(checkZone(zone)) + (FIRST_HOST + host);
    }

    String harnessSubnet() {
        return prefix(MAX_ZONES) + "0/24";
    }

    String harnessAddress() {
        return prefix(MAX_ZONES) + "1";
    }

    private String prefix(int slot) {
        return "10.231." + (base + slot) + ".";
    }

    private static int checkZone(int zone) {
        if (zone < 0 || zone >= MAX_ZONES) {
            throw new IllegalArgumentException("zone " + zone + " is not 0.." + (MAX_ZONES - 1));
        }
        return zone;
    }
}
