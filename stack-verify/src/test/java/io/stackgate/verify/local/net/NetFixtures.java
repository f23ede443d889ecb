package io.stackgate.verify.local.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the AZ network tests share: skipping with the reason, host snapshots, real HTTP probes. */
final class NetFixtures {
    /** A fixed port is safe inside a zone: the addresses are this run's alone. */
    static final int EXPORTER_PORT = 9100;

    private NetFixtures() {
    }

    static void assumeNamespaces() {
        Availability a = AzNetwork.available();
        assumeTrue(a.available(), a.reason());
    }

    static void assumePartitions() {
        Availability a = AzNetwork.partitionsAvailable();
        assumeTrue(a.available(), a.reason());
    }

    static Path program(String name) {
        Optional<Path> p = Programs.system().find(name);
        assumeTrue(p.isPresent(), name + " not found (searched " + Programs.system().searched(name) + ")");
        return p.get();
    }

    static Ip ip() {
        return new Ip(program("ip"));
    }

    /**
     * What a run may leave behind: namespaces, root links, and the processes descending from this
     * JVM. Names owned by another live process are left out — other runs on this host come and go
     * concurrently and are not ours to compare.
     */
    record Snapshot(Set<String> namespaces, Set<String> links, Set<Long> processes) {
        static Snapshot take() {
            Ip ip = ip();
            return new Snapshot(mine(ip.namespaces()), mine(ip.links().stream().map(Ip.Link::name).toList()),
                    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                            .collect(Collectors.toCollection(TreeSet::new)));
        }

        private static Set<String> mine(List<String> names) {
            long self = ProcessHandle.current().pid();
            return names.stream().filter(n -> RunNames.owner(n).map(pid -> pid == self || !Owner.alive(pid,
                    Optional.empty())).orElse(true)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Removes leftovers of killed runs first, so that a before/after comparison sees only this test. */
    static Snapshot settledSnapshot() {
        new Teardown(ip()).removeLeftovers();
        return Snapshot.take();
    }

    /** Starts a real node exporter inside {@code zone}, bound to {@code address}. */
    static Host.Started exporter(AzNetwork net, int zone, String address, Path dir) {
        Path bin = program("prometheus-node-exporter");
        return Host.start("exporter-" + address, net.run(zone, bin.toString(), "--web.listen-address=" + address + ":"
                + EXPORTER_PORT, "--collector.disable-defaults", "--collector.loadavg"), dir, dir.resolve("exporter-"
                + address + ".log"));
    }

    /** GET / over a fresh TCP connection from the root namespace; the status code, or -1 when unreachable. */
    static int statusFromRoot(String address, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, EXPORTER_PORT), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + address + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.0 200"
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** GET / with curl run inside {@code zone}'s namespace; the status code, or -1 when unreachable. */
    static int statusFromZone(AzNetwork net, int zone, String address, Duration timeout) {
        Path curl = program("curl");
        Host.Ran r = Host.attempt(net.run(zone, curl.toString(), "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", Double.toString(timeout.toMillis() / 1000.0), "http://" + address + ":" + EXPORTER_PORT + "/"),
                timeout.plusSeconds(5));
        String code = r.output().strip();
        return r.ok() && code.matches("\\d{3}") && !code.equals("000") ? Integer.parseInt(code) : -1;
    }
}
