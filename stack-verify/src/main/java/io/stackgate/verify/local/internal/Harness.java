package io.stackgate.verify.local.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Notification;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The verifier's in-process HTTP endpoint, on loopback or on the AZ network's root address (which
 * every AZ reaches, also when partitioned from the others). {@code POST /hook/<receiver>} records every
 * Alertmanager notification (receiver URLs of the local replica are rewritten to it, so nothing
 * leaves the machine); {@code GET /metrics} exposes the probe gauges that raise the
 * {@code StackgateProbe} alert on demand.
 */
public final class Harness implements AlertSink, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String host;
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final Map<String, Double> probes = new ConcurrentHashMap<>();

    private Harness(HttpServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Starts on a free loopback port. */
    public static Harness start() throws IOException {
        return start("127.0.0.1");
    }

    /** Starts on a free port of {@code host}, an address of this JVM's network namespace. */
    public static Harness start(String host) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 64);
        Harness h = new Harness(server, host);
        server.createContext("/hook", h::hook);
        server.createContext("/metrics", h::metrics);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stackgate-harness");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return h;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address it listens on. */
    public String host() {
        return host;
    }

    /** Base URL of the webhook sink; receivers post to {@code <url>/<receiver name>}. */
    public String webhookUrl() {
        return "http://" + host + ":" + port() + "/hook";
    }

    /** Every notification received so far, in arrival order. */
    @Override
    public List<Notification> notifications() {
        return List.copyOf(received);
    }

    /** Sets probe gauge {@code stackgate_probe{probe="<name>"}}; a value above 0 raises StackgateProbe. */
    public void probe(String name, double value) {
        probes.put(name, value);
    }

    @Override
    public void raise(String probe, boolean on) {
        probe(probe, on ? 1 : 0);
    }

    private void hook(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            String receiver = ex.getRequestURI().getPath().replaceFirst("^/hook/?", "");
            byte[] body = in.readAllBytes();
            try {
                received.add(Notification.parse(receiver, Instant.now(), JSON.readTree(body)));
                ex.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                ex.sendResponseHeaders(400, -1);
            }
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        StringBuilder sb = new StringBuilder("# HELP stackgate_probe Probes raised by stackgate verify.\n"
                + "# TYPE stackgate_probe gauge\n");
        // one job per probe: the probe alerts land in groups of their own (Alertmanager groups by job)
        new TreeMap<>(probes).forEach((k, v) -> sb.append("stackgate_probe{probe=\"").append(k)
                .append("\",job=\"stackgate-probe-").append(k).append("\"} ").append(v).append('\n'));
        byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
