package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.Fixtures;
import io.stackgate.model.Query;
import io.stackgate.model.Tools;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;

/**
 * Real haproxy with the rendered config in front of two stand-in Prometheus replicas (JDK HTTP servers
 * whose {@code /-/ready} answers what the test says): round-robin, ejection by health checks only,
 * fail-open when every target is unhealthy, and no retry of a failed request under ALB semantics.
 */
class HaproxyBehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The fast tempo's clocks but health checks every 5 s: a dead target stays in rotation for 10 s. */
    private static final Deployment.Tempo SLOW_CHECKS = new Deployment.Tempo(1, 1, 5000, null, 1, 3);

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<AtomicInteger> readiness = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private StartedProcess haproxy;
    private Deployment.Local layout;

    @AfterEach
    void stop() {
        if (haproxy != null) {
            haproxy.getProcess().destroyForcibly();
        }
        servers.forEach(s -> s.stop(0));
    }

    private void start(BalancerSemantics semantics) throws Exception {
        start(semantics, Deployment.Tempo.fast());
    }

    private void start(BalancerSemantics semantics, Deployment.Tempo tempo) throws Exception {
        Path bin = Tools.require("haproxy", "haproxy");
        Topology t = Fixtures.clean().toBuilder().query(Query.none()).balancerSemantics(semantics).build();
        layout = LocalLayouts.allocate(t, dir.resolve("config").toString(), HaproxyBehaviourTest::freePort,
                tempo, "http://127.0.0.1:1/hook", null);
        for (int i = 0; i < layout.prometheus().size(); i++) {
            servers.add(replica(layout.prometheus().get(i), "replica-" + (i + 1)));
        }
        new BundleWriter().write(new Renderer().render(t, layout), dir.resolve("bundle"));
        haproxy = new ProcessExecutor().command(bin.toString(), "-db", "-f",
                dir.resolve("bundle/config/haproxy/haproxy.cfg").toString())
                .redirectOutput(System.out).redirectError(System.err).start();
        await("haproxy answers on the Prometheus frontend " + layout.prometheusLb()).atMost(WAIT)
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> get().statusCode() == 200);
    }

    private HttpServer replica(Endpoint at, String name) throws IOException {
        AtomicInteger ready = new AtomicInteger(200);
        readiness.add(ready);
        HttpServer s = HttpServer.create(new InetSocketAddress(at.host(), at.port()), 50);
        s.createContext("/-/ready", ex -> {
            ex.sendResponseHeaders(ready.get(), -1);
            ex.close();
        });
        s.createContext("/", ex -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    private HttpResponse<String> get() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + layout.prometheusLb() + "/api/v1/query"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status (or body, for 200) → count over {@code n} requests. */
    private Map<String, Integer> spread(int n) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = get();
            out.merge(r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode(), 1, Integer::sum);
        }
        return out;
    }

    private String status(String server) {
        try {
            String csv = http.send(HttpRequest.newBuilder(URI.create("http://" + layout.lbStats() + "/stats;csv")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return csv.lines().map(l -> l.split(",", -1)).filter(f -> f.length > 17 && f[0].equals("prometheus")
                    && f[1].equals(server)).map(f -> f[17]).findFirst().orElse("absent");
        } catch (IOException | InterruptedException e) {
            return "stats unreadable: " + e;
        }
    }

    @Test
    void roundRobinOverHealthyTargets() throws Exception {
        start(BalancerSemantics.ALB);
        assertThat(spread(20)).containsEntry("replica-1", 10).containsEntry("replica-2", 10);
    }

    @Test
    void anUnhealthyTargetLeavesRotationOnlyThroughHealthChecks() throws Exception {
        start(BalancerSemantics.ALB);
        readiness.get(1).set(503);
        await("prometheus-2 marked DOWN by its health checks").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> status("prometheus-2"), s -> s.startsWith("DOWN"));
        assertThat(spread(10)).containsOnlyKeys("replica-1");
    }

    @Test
    void everyTargetUnhealthyFailsOpenToAllOfThem() throws Exception {
        start(BalancerSemantics.ALB);
        readiness.forEach(r -> r.set(503));
        await("both replicas marked DOWN").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> status("prometheus-1").startsWith("DOWN") && status("prometheus-2").startsWith("DOWN"));
        assertThat(spread(10)).as("an ALB routes to every target when all are unhealthy")
                .containsEntry("replica-1", 5).containsEntry("replica-2", 5);
    }

    @Test
    void albSemanticsFailARequestOnADeadTargetInsteadOfRetryingIt() throws Exception {
        // Health checks every 5 s (ejection after 10 s): the window before ejection must not depend on how fast
        // this machine stops a server and sends ten requests (at the fast tempo's 250 ms a busy CI machine
        // sometimes saw the target ejected before the first request).
        start(BalancerSemantics.ALB, SLOW_CHECKS);
        servers.get(1).stop(0);
        assertThat(status("prometheus-2")).as("the dead target is still in rotation when the requests go out")
                .startsWith("UP");
        Map<String, Integer> seen = spread(10);
        assertThat(seen).as("before the health checks eject it, the dead target gets its share and the client the error")
                .containsKey("HTTP 503").containsKey("replica-1");
    }

    @Test
    void theRetryingBalancerHidesTheDeadTarget() throws Exception {
        start(BalancerSemantics.RETRYING, SLOW_CHECKS);
        servers.get(1).stop(0);
        assertThat(spread(10)).containsOnlyKeys("replica-1");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
