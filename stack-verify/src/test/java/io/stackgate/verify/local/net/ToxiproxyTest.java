package io.stackgate.verify.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToxiproxyTest {
    private static final Duration LATENCY = Duration.ofMillis(300);
    private static final int SAMPLES = 7;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Host.Started upstream;
    private String upstreamAddress;

    @TempDir
    Path dir;

    @BeforeEach
    void startUpstream() throws IOException {
        Availability a = Toxiproxy.available();
        assumeTrue(a.available(), a.reason());
        // a real node as the upstream: a Go server like every node of the stack (the JDK's HttpServer
        // writes headers and body apart without TCP_NODELAY, which adds a delayed-ACK 40 ms per request)
        Path exporter = NetFixtures.program("prometheus-node-exporter");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            upstreamAddress = "127.0.0.1:" + s.getLocalPort();
        }
        upstream = Host.start("upstream-exporter", List.of(exporter.toString(), "--web.listen-address=" + upstreamAddress,
                "--collector.disable-defaults", "--collector.loadavg"), dir, dir.resolve("upstream.log"));
        Awaitility.await("upstream node exporter answers on " + upstreamAddress).atMost(Duration.ofSeconds(10))
                .pollInterval(50, TimeUnit.MILLISECONDS).pollInSameThread().ignoreExceptions()
                .failFast("the upstream node exporter exited", () -> !upstream.isAlive())
                .until(() -> get(URI.create("http://" + upstreamAddress + "/"), Duration.ofSeconds(1)).statusCode() == 200);
    }

    @AfterEach
    void stopUpstream() {
        if (upstream != null) {
            upstream.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void aLatencyToxicMakesEveryRequestThroughTheProxyAtLeastItsLatencySlowerAndRemovingItRestores() throws Exception {
        try (Toxiproxy toxiproxy = Toxiproxy.start()) {
            Toxiproxy.Proxy proxy = toxiproxy.proxy("upstream", upstreamAddress);
            assertThat(proxy.host()).isEqualTo("127.0.0.1");
            assertThat(proxy.port()).as("the port the server picked").isPositive();
            URI through = URI.create("http://" + proxy.listen() + "/");

            List<Long> before = timings(through);
            Toxic latency = proxy.latency(LATENCY, Duration.ZERO);
            assertThat(proxy.toxics()).containsExactly(latency.name());
            List<Long> slow = timings(through);
            proxy.remove(latency);
            assertThat(proxy.toxics()).isEmpty();
            List<Long> after = timings(through);
            System.out.printf("through the proxy, ms: before %s, with %d ms latency %s, after removing it %s%n",
                    before, LATENCY.toMillis(), slow, after);

            assertThat(slow).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(LATENCY.toMillis()));
            // each slow request is the latency plus its own work, which is at least the fastest plain request's
            assertThat(min(slow) - min(before)).as("slow-down of the fastest request").isGreaterThanOrEqualTo(LATENCY.toMillis());
            assertThat(after).allSatisfy(ms -> assertThat(ms).isLessThan(LATENCY.toMillis()));
        }
    }

    @Test
    void aTimeoutToxicHangsTheLinkUntilItIsRemoved() throws Exception {
        try (Toxiproxy toxiproxy = Toxiproxy.start()) {
            Toxiproxy.Proxy proxy = toxiproxy.proxy("upstream", upstreamAddress);
            URI through = URI.create("http://" + proxy.listen() + "/");
            Toxic hang = proxy.timeout(Duration.ZERO, Toxic.Stream.DOWNSTREAM);
            assertThatThrownBy(() -> get(through, Duration.ofSeconds(1))).isInstanceOf(HttpTimeoutException.class);
            proxy.remove(hang);
            assertThat(get(through, Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeStopsTheServerAndTheApiSaysWhatItRefused() {
        Toxiproxy toxiproxy = Toxiproxy.start();
        long pid = toxiproxy.pid();
        toxiproxy.proxy("upstream", upstreamAddress);
        assertThatThrownBy(() -> toxiproxy.proxy("upstream", "127.0.0.1:1"))
                .isInstanceOf(ToxiproxyException.class).hasMessageContaining("POST " + toxiproxy.api() + "/proxies")
                .hasMessageContaining("but it answered 409");
        toxiproxy.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThatThrownBy(() -> toxiproxy.proxy("again", "127.0.0.1:1")).hasMessageContaining("is closed");
    }

    @Test
    void aMissingBinaryNamesWhereItWasSearchedAndHowToBuildIt() {
        assertThat(Toxiproxy.find(Map.of("PATH", "/nonexistent"), Path.of("/"))).isEmpty();
        assertThat(Toxiproxy.find(Map.of("STACKGATE_TOXIPROXY_SERVER_BIN", "/nonexistent/toxiproxy-server"), Path.of("/")))
                .isEmpty();
        assertThat(Toxiproxy.find(Map.of(), Path.of("").toAbsolutePath())).as("the repository's .tools/bin").isPresent();
    }

    @Test
    void aSlowLinkIntoAnAzIsSlowForTheOtherAzs() {
        NetFixtures.assumeNamespaces();
        try (AzNetwork net = AzNetwork.create(2, 1);
                Toxiproxy toxiproxy = Toxiproxy.start(Toxiproxy.find().orElseThrow(), net.harnessAddress())) {
            String node = net.zone(1).address(0);
            NetFixtures.exporter(net, 1, node, dir);
            AzNetworkTest.awaitStatus("exporter in zone 1 answers", () -> NetFixtures.statusFromRoot(node,
                    Duration.ofSeconds(1)), 200);
            Toxiproxy.Proxy proxy = toxiproxy.proxy("zone1-exporter", node + ":" + NetFixtures.EXPORTER_PORT);
            assertThat(proxy.host()).isEqualTo(net.harnessAddress());
            proxy.latency(LATENCY, Duration.ZERO);
            Path curl = NetFixtures.program("curl");
            Host.Ran r = Host.attempt(net.run(0, curl.toString(), "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                    "--max-time", "5", "http://" + proxy.listen() + "/"), Duration.ofSeconds(10));
            String[] out = r.output().strip().split(" ");
            assertThat(out[0]).as("zone 0 -> proxy on the harness address -> zone 1").isEqualTo("200");
            assertThat(Double.parseDouble(out[1])).as("seconds").isGreaterThanOrEqualTo(LATENCY.toMillis() / 1000.0);
        }
    }

    private List<Long> timings(URI uri) throws Exception {
        get(uri, Duration.ofSeconds(5)); // warm the connection; samples measure requests, not handshakes
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(uri, Duration.ofSeconds(5));
            ms.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(r.statusCode()).isEqualTo(200);
        }
        return ms;
    }

    private HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
