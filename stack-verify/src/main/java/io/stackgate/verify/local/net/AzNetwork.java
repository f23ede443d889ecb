package io.stackgate.verify.local.net;

import io.stackgate.runtime.ExitHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One network namespace per AZ for a run of the local target, so that an AZ can lose its link
 * ({@link #outage}) or be cut from the other AZs ({@link #partition}) while its processes keep running.
 *
 * <p>Layout: a bridge in the root namespace; per AZ a namespace with a veth pair (the namespace
 * end is {@code eth0}, the other end a port of the bridge), loopback up, its own /24 holding the
 * node addresses; the bridge holds the AZ's gateway address and the harness address; every AZ has
 * an on-link route to every other AZ's /24 and to the harness /24. Everything is one L2 segment, so
 * nothing is routed by the host: no IP forwarding, no NAT, no default route out of a namespace —
 * a process in an AZ reaches only the run's own addresses and its own loopback. Addresses come from
 * a /21 of {@code 10.231.0.0/16} that no host route touches (checked under a host-wide lock, so two
 * runs at once get different blocks). Names are in {@link RunNames}.
 *
 * <p>What partition means: {@link #partition(int)} drops, inside the AZ's namespace, every packet
 * to or from another AZ's /24 (nftables table {@code <run id>}, both directions, silently — peers
 * see timeouts, not refusals, as with a cut link or a security group). The root namespace stays
 * reachable both ways: the harness, the balancer and a webhook receiver on {@link
 * #harnessAddress()} (or on the AZ's {@link Zone#gateway()}) still talk to both sides, which is
 * what a check needs to see both halves of a split cluster act on their own.
 *
 * <p>Lifetime: {@link #close()} kills whatever still runs inside the namespaces and removes
 * namespaces, veths and bridge; a shutdown hook does the same on JVM exit and SIGTERM (SIGINT,
 * SIGHUP); a run killed with SIGKILL leaves its names behind, and the next {@link #create} removes
 * them because their owner PID (and its start time on the bridge's alias) is gone.
 *
 * <p>Why one file over 300 lines: creating the namespaces, links and bridge, removing them, and cleaning a
 * dead run's leftovers are one transaction over the same names; nothing half-made may survive a failure in
 * the middle.
 */
public final class AzNetwork implements AutoCloseable {
    private static final Object CREATING = new Object();
    private static final BitSet LETTERS_IN_USE = new BitSet(26);
    /** Host-wide: the address block is chosen from the routes other runs' bridges add, so one run at a time. */
    private static final Path LOCK = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock/stackgate-aznet.lock")
            : Path.of(System.getProperty("java.io.tmpdir"), "stackgate-aznet.lock");

    private final Ip ip;
    private final Path nft;
    private final RunNames names;
    private final AddressPlan plan;
    private final List<Zone> zones;
    private final Owner owner;
    private volatile ExitHook exitHook;
    private final Set<Integer> down = new TreeSet<>();
    private final Set<Integer> partitioned = new TreeSet<>();
    private Duration setupTime = Duration.ZERO;
    private boolean closed;

    private AzNetwork(Ip ip, Path nft, RunNames names, AddressPlan plan, int zoneCount, int addressesPerZone) {
        this.ip = ip;
        this.nft = nft;
        this.names = names;
        this.plan = plan;
        this.owner = Owner.self();
        List<Zone> z = new ArrayList<>();
        for (int i = 0; i < zoneCount; i++) {
            int zone = i;
            List<String> addresses = IntStream.range(0, addressesPerZone).mapToObj(n -> plan.address(zone, n)).toList();
            z.add(new Zone(i, names.namespace(i), names.hostLink(i), plan.subnet(i), plan.gateway(i), addresses));
        }
        this.zones = List.copyOf(z);
    }

    /**
     * Whether AZ networks work here: root, {@code ip} and real namespaces, veths and bridges (probed
     * once per JVM). When not, the reason says what is missing; checks needing AZs are SKIPPED with it.
     */
    public static Availability available() {
        return Support.get().namespaces;
    }

    /** Like {@link #available()}, and also {@code nft} inside a namespace, which {@link #partition} needs. */
    public static Availability partitionsAvailable() {
        return Support.get().nftables;
    }

    /**
     * Builds a network of {@code zones} AZs with {@code addressesPerZone} node addresses each, after
     * removing the leftovers of killed runs.
     *
     * @param zones            1..7
     * @param addressesPerZone 1..200
     * @throws IllegalArgumentException when a count is out of range
     * @throws NetworkSetupException    when {@link #available()} says no (with its reason), no address
     *                                  block is free, or the JVM is already exiting
     * @throws NetworkCommandException  when an {@code ip} command fails (nothing of this network is left)
     */
    @SuppressWarnings("try") // the lock is held for the try block, never referenced in it
    public static AzNetwork create(int zones, int addressesPerZone) {
        if (zones < 1 || zones > AddressPlan.MAX_ZONES) {
            throw new IllegalArgumentException("zones must be 1.." + AddressPlan.MAX_ZONES + ", was " + zones);
        }
        if (addressesPerZone < 1 || addressesPerZone > AddressPlan.MAX_HOSTS) {
            throw new IllegalArgumentException("addressesPerZone must be 1.." + AddressPlan.MAX_HOSTS + ", was "
                    + addressesPerZone);
        }
        Support support = Support.get();
        if (!support.namespaces.available()) {
            throw new NetworkSetupException("cannot create an AZ network: " + support.namespaces.reason());
        }
        Ip ip = new Ip(support.ip.orElseThrow());
        long started = System.nanoTime();
        synchronized (CREATING) {
            try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                new Teardown(ip).removeLeftovers();
                AddressPlan plan = AddressPlan.choose(ProcessHandle.current().pid(), ip.routes());
                RunNames names = new RunNames(ProcessHandle.current().pid(), takeLetter());
                AzNetwork network;
                try {
                    network = new AzNetwork(ip, support.nft.orElse(null), names, plan, zones, addressesPerZone);
                } catch (RuntimeException e) {
                    releaseLetter(names);
                    throw e;
                }
                network.build(); // on failure it has removed what it created and released the letter
                network.setupTime = Duration.ofNanos(System.nanoTime() - started);
                return network;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + LOCK + " (it serialises AZ network creation on this host)", e);
            }
        }
    }

    private void build() {
        try {
            exitHook = ExitHook.register("stackgate-aznet-" + names.runId(), this::closeOnExit);
        } catch (IllegalStateException e) {
            releaseLetter();
            throw new NetworkSetupException("the JVM is exiting; no AZ network is created now", e);
        }
        try {
            List<String> root = new ArrayList<>();
            root.add("link add " + names.bridge() + " type bridge forward_delay 0");
            root.add("link set " + names.bridge() + " alias " + owner.alias());
            root.add("addr add " + plan.harnessAddress() + "/24 dev " + names.bridge());
            for (Zone z : zones) {
                root.add("addr add " + z.gateway() + "/24 dev " + names.bridge());
            }
            root.add("link set " + names.bridge() + " up");
            for (Zone z : zones) {
                root.add("netns add " + z.namespace());
                root.add("link add " + z.hostLink() + " type veth peer name eth0 netns " + z.namespace());
                root.add("link set " + z.hostLink() + " master " + names.bridge());
                root.add("link set " + z.hostLink() + " up");
            }
            ip.batch(null, root);
            for (Zone z : zones) {
                List<String> inside = new ArrayList<>();
                inside.add("link set lo up");
                z.addresses().forEach(a -> inside.add("addr add " + a + "/24 dev eth0"));
                inside.add("link set eth0 up");
                for (Zone other : zones) {
                    if (other.index() != z.index()) {
                        inside.add("route add " + other.subnet() + " dev eth0");
                    }
                }
                inside.add("route add " + plan.harnessSubnet() + " dev eth0");
                ip.batch(z.namespace(), inside);
            }
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** {@code sg<pid><letter>}: the prefix of every name of this network. */
    public String runId() {
        return names.runId();
    }

    public List<Zone> zones() {
        return zones;
    }

    /** @throws IllegalArgumentException when there is no such zone */
    public Zone zone(int index) {
        if (index < 0 || index >= zones.size()) {
            throw new IllegalArgumentException("no zone " + index + " in network " + runId() + " (zones 0.."
                    + (zones.size() - 1) + ")");
        }
        return zones.get(index);
    }

    /**
     * The root namespace's own address on the bridge: bind a listener every AZ must reach (webhook
     * receiver, balancer frontend) to it; it stays reachable from a partitioned AZ.
     */
    public String harnessAddress() {
        return plan.harnessAddress();
    }

    /** The /21 this network's addresses come from, e.g. {@code 10.231.8.0/21}. */
    public String addressBlock() {
        return plan.block().toString();
    }

    /**
     * The command line that runs {@code command} inside the zone's namespace ({@code ip netns exec
     * NAME command…}), for the local target's process launcher. The process keeps its PID (ip execs it).
     */
    public List<String> run(int zone, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run in zone " + zone);
        }
        return ip.execIn(zone(zone).namespace(), command);
    }

    /** See {@link #run(int, List)}. */
    public List<String> run(int zone, String... command) {
        return run(zone, List.of(command));
    }

    /**
     * AZ outage at the network level: the zone's veth goes down on the bridge side, so nothing
     * enters or leaves the zone (harness included); the processes inside keep running (the local
     * target kills them for a full AZ outage). No-op when already down.
     */
    public synchronized void outage(int zone) {
        Zone z = zone(zone);
        requireOpen();
        if (down.add(zone)) {
            ip.run(List.of("link", "set", z.hostLink(), "down"));
        }
    }

    /**
     * Brings the zone's link back after {@link #outage}; on return the zone answers at once. No-op
     * when it is up.
     */
    public synchronized void restore(int zone) {
        Zone z = zone(zone);
        requireOpen();
        if (down.remove(zone)) {
            ip.run(List.of("link", "set", z.hostLink(), "up"));
            // ARP entries that failed during the outage would hold the first packets back until the
            // next retransmit (1 s); forget them so the first connection after restore goes through
            ip.batch(null, List.of("neigh flush dev " + names.bridge() + " to " + z.subnet()));
            for (Zone other : zones) {
                ip.batch(other.namespace(), List.of("neigh flush dev eth0"));
            }
        }
    }

    /**
     * Cuts the zone from every other zone, both directions, with both sides running; the root
     * namespace stays reachable (see the class comment). No-op when already partitioned.
     *
     * @throws NetworkSetupException when {@link #partitionsAvailable()} says no, or the network has one zone
     */
    public synchronized void partition(int zone) {
        Zone z = zone(zone);
        requireOpen();
        Availability nftables = partitionsAvailable();
        if (!nftables.available()) {
            throw new NetworkSetupException("cannot partition zone " + zone + ": " + nftables.reason());
        }
        if (zones.size() < 2) {
            throw new NetworkSetupException("cannot partition zone " + zone + ": network " + runId() + " has one zone");
        }
        if (partitioned.contains(zone)) {
            return;
        }
        String others = zones.stream().filter(o -> o.index() != zone).map(Zone::subnet).collect(Collectors.joining(", "));
        String rules = "table inet " + names.nftTable() + " {\n"
                + "  set other_zones { type ipv4_addr; flags interval; elements = { " + others + " } }\n"
                + "  chain input { type filter hook input priority filter; policy accept; ip saddr @other_zones counter drop; }\n"
                + "  chain output { type filter hook output priority filter; policy accept; ip daddr @other_zones counter drop; }\n"
                + "}\n";
        Path file = null;
        try {
            file = Files.createTempFile("stackgate-partition-", ".nft");
            Files.writeString(file, rules, StandardCharsets.UTF_8);
            Host.run(ip.execIn(z.namespace(), List.of(nft.toString(), "-f", file.toString())), Duration.ofSeconds(10));
            partitioned.add(zone);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the partition rules of zone " + zone, e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** Removes the partition of {@link #partition}; no-op when the zone is not partitioned. */
    public synchronized void heal(int zone) {
        Zone z = zone(zone);
        requireOpen();
        if (partitioned.remove(zone)) {
            Host.run(ip.execIn(z.namespace(), List.of(nft.toString(), "delete", "table", "inet", names.nftTable())),
                    Duration.ofSeconds(10));
        }
    }

    public synchronized boolean isDown(int zone) {
        return down.contains(zone(zone).index());
    }

    public synchronized boolean isPartitioned(int zone) {
        return partitioned.contains(zone(zone).index());
    }

    /** How long {@link #create} took, leftover cleanup included. */
    public Duration setupTime() {
        return setupTime;
    }

    /**
     * Kills what still runs inside the namespaces, removes namespaces, veths and bridge (partition
     * tables go with their namespace) and checks that none is left. Idempotent.
     *
     * @throws NetworkSetupException naming what could not be removed and the commands that remove it
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (exitHook != null) {
            exitHook.cancel();
        }
        try {
            List<String> links = new ArrayList<>(zones.stream().map(Zone::hostLink).toList());
            links.add(names.bridge());
            new Teardown(ip).remove(zones.stream().map(Zone::namespace).toList(), links);
        } finally {
            releaseLetter();
        }
    }

    private void closeOnExit() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("stackgate: AZ network " + runId() + " not fully removed on exit: " + e.getMessage());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new NetworkSetupException("AZ network " + runId() + " is closed");
        }
    }

    private static char takeLetter() {
        synchronized (LETTERS_IN_USE) {
            int free = LETTERS_IN_USE.nextClearBit(0);
            if (free >= 26) {
                throw new NetworkSetupException("this JVM already has 26 AZ networks open; close one first");
            }
            LETTERS_IN_USE.set(free);
            return (char) ('a' + free);
        }
    }

    private void releaseLetter() {
        releaseLetter(names);
    }

    private static void releaseLetter(RunNames names) {
        synchronized (LETTERS_IN_USE) {
            LETTERS_IN_USE.clear(names.letter() - 'a');
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    @Override
    public String toString() {
        return "AzNetwork " + runId() + " " + addressBlock() + " zones=" + zones.size();
    }
}
