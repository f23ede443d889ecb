package io.stackgate.verify.local.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can build AZ networks (root, {@code ip}, namespaces, veth and bridge
 * devices) and partition them ({@code nft} inside a namespace). Probed once per JVM by really
 * creating a throw-away namespace, bridge and veth: being root is not enough inside a container
 * without CAP_SYS_ADMIN / CAP_NET_ADMIN.
 */
final class Support {
    private static Support probed;

    final Availability namespaces;
    final Availability nftables;
    final Optional<Path> ip;
    final Optional<Path> nft;

    private Support(Availability namespaces, Availability nftables, Optional<Path> ip, Optional<Path> nft) {
        this.namespaces = namespaces;
        this.nftables = nftables;
        this.ip = ip;
        this.nft = nft;
    }

    static synchronized Support get() {
        if (probed == null) {
            probed = probe(Programs.system(), effectiveUid());
        }
        return probed;
    }

    /** Probes with {@code programs} as this process's {@code uid} (-1: unknown); tests pass their own. */
    static Support probe(Programs programs, long uid) {
        Optional<Path> ip = programs.find("ip");
        Optional<Path> nft = programs.find("nft");
        if (uid < 0) {
            Availability no = Availability.no("AZ networks need Linux network namespaces; /proc/self/status is not"
                    + " readable here");
            return new Support(no, no, ip, nft);
        }
        if (uid != 0) {
            Availability no = Availability.no("AZ networks need root to create network namespaces (this JVM runs as uid "
                    + uid + "); run as root for the AZ-outage, partition and slow-link checks");
            return new Support(no, no, ip, nft);
        }
        if (ip.isEmpty()) {
            Availability no = Availability.no("ip (iproute2) not found (searched " + programs.searched("ip")
                    + "); install it with: sudo apt-get install -y iproute2");
            return new Support(no, no, ip, nft);
        }
        long pid = ProcessHandle.current().pid();
        String ns = RunNames.probeNamespace(pid);
        Ip cmd = new Ip(ip.get());
        Teardown teardown = new Teardown(cmd);
        try {
            teardown.remove(List.of(ns), List.of(RunNames.probeLink(pid), RunNames.probeBridge(pid)));
            cmd.batch(null, List.of("netns add " + ns, "link add " + RunNames.probeBridge(pid) + " type bridge",
                    "link add " + RunNames.probeLink(pid) + " type veth peer name eth0 netns " + ns));
            cmd.batch(ns, List.of("link set lo up"));
            Availability nftables = nft.isEmpty()
                    ? Availability.no("nft (nftables) not found (searched " + programs.searched("nft")
                            + "); install it with: sudo apt-get install -y nftables")
                    : probeNft(cmd, ns, nft.get());
            return new Support(Availability.yes(), nftables, ip, nft);
        } catch (NetworkCommandException e) {
            Availability no = Availability.no("network namespaces do not work here (root, but creating a namespace,"
                    + " bridge and veth failed; a container needs CAP_SYS_ADMIN and CAP_NET_ADMIN): " + e.getMessage());
            return new Support(no, no, ip, nft);
        } finally {
            teardown.remove(List.of(ns), List.of(RunNames.probeLink(pid), RunNames.probeBridge(pid)));
        }
    }

    private static Availability probeNft(Ip ip, String ns, Path nft) {
        Host.Ran r = Host.attempt(ip.execIn(ns, List.of(nft.toString(), "list", "tables")), Duration.ofSeconds(10));
        return r.ok() ? Availability.yes()
                : Availability.no("nft does not work inside a network namespace here (`" + nft + " list tables` exited "
                        + r.exitCode() + ": " + r.output().strip() + "); the kernel needs nf_tables");
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is not mounted: namespaces are not available either
        }
        return -1;
    }
}
