package io.stackgate.verify.local.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.runtime.ExitHook;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real toxiproxy-server (Shopify/toxiproxy v2.5.0, built by {@code scripts/install.d/50-toxiproxy.sh})
 * for slow and stuck links — this kernel has no netem qdisc. {@link #start()} runs it on a free
 * port of a loopback (or any local) address and waits until its API answers; {@link #proxy} puts a
 * TCP proxy in front of an upstream; the returned {@link Proxy} adds and removes latency and timeout
 * toxics through the HTTP API. {@link #close()} (or JVM exit) stops the server and removes its log.
 *
 * <p>Why one file over 300 lines: the server's lifecycle and the small client for its HTTP API (proxies,
 * toxics, the idempotent retry) are one tool; the client is useless without the server it started.
 */
public final class Toxiproxy implements AutoCloseable {
    public static final String BINARY = "toxiproxy-server";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final Host.Started process;
    private final Path workDir;
    private final URI api;
    private final String host;
    private final HttpClient http;
    private final AtomicInteger toxicCount = new AtomicInteger();
    private volatile ExitHook exitHook;
    private volatile boolean closed;

    private Toxiproxy(Host.Started process, Path workDir, URI api, String host, HttpClient http) {
        this.process = process;
        this.workDir = workDir;
        this.api = api;
        this.host = host;
        this.http = http;
    }

    /** Starts toxiproxy-server on 127.0.0.1 (see {@link #start(Path, String)}), the binary found by {@link #find()}. */
    public static Toxiproxy start() {
        return start(require(), "127.0.0.1");
    }

    /**
     * Starts {@code binary} with its API on {@code host} (127.0.0.1, or an AZ network's harness
     * address so that nodes inside the AZs reach the proxies) and a port the OS picks; returns
     * once {@code GET /version} answers (bounded: 10 s per attempt, 3 attempts when another
     * process takes the port first).
     *
     * @throws ToxiproxyException when the server exits or does not answer, with its log tail
     */
    public static Toxiproxy start(Path binary, String host) {
        return start(binary, host, UnaryOperator.identity(), () -> freePort(host));
    }

    /**
     * Starts {@code binary} inside another network namespace, e.g. an AZ's, so that the proxies sit on
     * that side of the network and its faults (partition, outage) act on them as on the node behind
     * them: {@code launcher} turns the command line into the one that runs there ({@link
     * AzNetwork#run(int, List)}); {@code host} is an address of that namespace which this JVM reaches;
     * the API's port comes from {@code ports} (this JVM cannot bind in another namespace to ask the OS;
     * in a namespace of the run's own only the run's processes hold ports, and a taken one is retried).
     *
     * @throws ToxiproxyException as {@link #start(Path, String)}
     */
    public static Toxiproxy start(Path binary, String host, UnaryOperator<List<String>> launcher, IntSupplier ports) {
        Path dir;
        try {
            dir = Files.createTempDirectory("stackgate-toxiproxy-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for toxiproxy-server", e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            URI api = URI.create("http://" + host + ":" + port);
            Host.Started p = Host.start(BINARY + "-" + port, launcher.apply(List.of(binary.toString(), "-host", host,
                    "-port", Integer.toString(port))), dir, dir.resolve("toxiproxy-" + port + ".log"));
            Optional<String> failure = awaitApi(p, http, api);
            if (failure.isEmpty()) {
                Toxiproxy t = new Toxiproxy(p, dir, api, host, http);
                try {
                    t.exitHook = ExitHook.register("stackgate-toxiproxy-" + port, t::close);
                } catch (IllegalStateException exiting) {
                    t.close();
                    throw new ToxiproxyException("the JVM is exiting; toxiproxy-server is not started now");
                }
                return t;
            }
            lastFailure = failure.get() + "; log tail:\n" + p.logTail(20);
            p.stop(Duration.ofSeconds(2));
        }
        deleteTree(dir);
        throw new ToxiproxyException(binary + " did not serve its API on " + host + " after " + START_ATTEMPTS
                + " attempts: " + lastFailure);
    }

    /**
     * Where toxiproxy-server is: {@code $STACKGATE_TOXIPROXY_SERVER_BIN}, {@code
     * $STACKGATE_TOOLS/bin}, {@code .tools/bin} of the working directory or a parent (the repository's
     * tool cache), then PATH.
     */
    public static Optional<Path> find() {
        return find(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Optional<Path> find(Map<String, String> env, Path cwd) {
        String override = env.get(Programs.variable(BINARY));
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("STACKGATE_TOOLS")).ifPresent(t -> candidates.add(Path.of(t, "bin", BINARY)));
        for (Path d = cwd; d != null; d = d.getParent()) {
            candidates.add(d.resolve(".tools").resolve("bin").resolve(BINARY));
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, BINARY));
            }
        }
        return candidates.stream().filter(p -> Files.isExecutable(p) && !Files.isDirectory(p)).findFirst();
    }

    /** Whether {@link #find()} finds the binary; when not, how to build it. */
    public static Availability available() {
        return find().isPresent() ? Availability.yes() : Availability.no(missingMessage());
    }

    private static Path require() {
        return find().orElseThrow(() -> new ToxiproxyException(missingMessage()));
    }

    private static String missingMessage() {
        return BINARY + " not found (searched $" + Programs.variable(BINARY) + ", $STACKGATE_TOOLS/bin, .tools/bin of "
                + Path.of("").toAbsolutePath() + " and its parents, PATH); build it with: ./scripts/install-tools"
                + " (scripts/install.d/50-toxiproxy.sh, needs Go)";
    }

    /** The API's base URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI api() {
        return api;
    }

    /** Process id of the server, for process accounting in tests. */
    public long pid() {
        return process.pid();
    }

    /** {@link #proxy(String, String, String)} listening on a free port of this server's host. */
    public Proxy proxy(String name, String upstream) {
        return proxy(name, host + ":0", upstream);
    }

    /**
     * Creates an enabled proxy {@code listen} → {@code upstream} ({@code host:port}; port 0 lets the
     * server pick, and the returned proxy says which).
     *
     * @throws ToxiproxyException when the server refuses (name taken, listen address in use, bad address)
     */
    public Proxy proxy(String name, String listen, String upstream) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("listen", listen).put("upstream", upstream)
                .put("enabled", true);
        JsonNode created = call("POST", "/proxies", body, 201);
        return new Proxy(created.path("name").asText(), created.path("listen").asText(), created.path("upstream").asText());
    }

    /** Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its log directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exitHook != null) {
            exitHook.cancel();
        }
        process.stop(Duration.ofSeconds(2));
        deleteTree(workDir);
    }

    /** A proxy on this server; toxics added through it act on every connection through {@link #listen()}. */
    public final class Proxy {
        private final String name;
        private final String listen;
        private final String upstream;

        private Proxy(String name, String listen, String upstream) {
            this.name = name;
            this.listen = listen;
            this.upstream = upstream;
        }

        public String name() {
            return name;
        }

        /** {@code host:port} the proxy accepts connections on. */
        public String listen() {
            return listen;
        }

        public String host() {
            return listen.substring(0, listen.lastIndexOf(':'));
        }

        public int port() {
            return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        }

        public String upstream() {
            return upstream;
        }

        /** Delays every chunk of data from the upstream by {@code latency} ± {@code jitter}. */
        public Toxic latency(Duration latency, Duration jitter) {
            return latency(latency, jitter, Toxic.Stream.DOWNSTREAM);
        }

        /** Delays every chunk of data in {@code stream} by {@code latency} ± {@code jitter}. */
        public Toxic latency(Duration latency, Duration jitter, Toxic.Stream stream) {
            ObjectNode attributes = JSON.createObjectNode().put("latency", latency.toMillis()).put("jitter", jitter.toMillis());
            return add("latency", stream, attributes);
        }

        /**
         * Stops all data in {@code stream} and closes the connection after {@code timeout}; with
         * {@link Duration#ZERO} the connection hangs until the toxic is removed.
         */
        public Toxic timeout(Duration timeout, Toxic.Stream stream) {
            return add("timeout", stream, JSON.createObjectNode().put("timeout", timeout.toMillis()));
        }

        /**
         * Opens or closes the proxy's listener. Closed, it refuses connections and drops those it held, as
         * the port of a process that died does.
         */
        public void enabled(boolean enabled) {
            call("POST", "/proxies/" + name, JSON.createObjectNode().put("enabled", enabled), 200);
        }

        /** Removes a toxic this proxy holds; fails when the server does not know it. */
        public void remove(Toxic toxic) {
            if (!toxic.proxy().equals(name)) {
                throw new IllegalArgumentException("toxic " + toxic.name() + " belongs to proxy " + toxic.proxy()
                        + ", not " + name);
            }
            call("DELETE", "/proxies/" + name + "/toxics/" + toxic.name(), null, 204);
        }

        /** The names of the toxics the server holds for this proxy. */
        public List<String> toxics() {
            List<String> names = new ArrayList<>();
            call("GET", "/proxies/" + name + "/toxics", null, 200).forEach(t -> names.add(t.path("name").asText()));
            return names;
        }

        private Toxic add(String type, Toxic.Stream stream, ObjectNode attributes) {
            String toxicName = type + "-" + stream.api() + "-" + toxicCount.incrementAndGet();
            ObjectNode body = JSON.createObjectNode().put("name", toxicName).put("type", type).put("stream", stream.api())
                    .put("toxicity", 1.0);
            body.set("attributes", attributes);
            JsonNode t = call("POST", "/proxies/" + name + "/toxics", body, 200);
            return new Toxic(name, t.path("name").asText(), t.path("type").asText(), stream);
        }

        @Override
        public String toString() {
            return "proxy " + name + " " + listen + " -> " + upstream;
        }
    }

    /**
     * Sends once, and once more when an idempotent call (a read, a delete, an update of a proxy) failed on
     * the connection rather than by timing out: the JDK client reuses a kept-alive connection that the
     * server may have dropped meanwhile (after an AZ outage cut the link, the first call after the restore
     * met "header parser received no bytes"). Creating a proxy or a toxic is never sent twice.
     */
    private HttpResponse<String> send(HttpRequest request, boolean idempotent) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (!idempotent || !process.isAlive()) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static boolean idempotent(String method, String path) {
        return !method.equals("POST") || path.matches("/proxies/[^/]+");
    }

    private JsonNode call(String method, String path, JsonNode body, int expected) {
        if (closed) {
            throw new ToxiproxyException("toxiproxy-server at " + api + " is closed");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = send(request.build(), idempotent(method, path));
        } catch (IOException e) {
            throw new ToxiproxyException(method + " " + api.resolve(path) + " failed: " + e.getMessage()
                    + (process.isAlive() ? "" : "; toxiproxy-server exited, log tail:\n" + process.logTail(20)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToxiproxyException(method + " " + api.resolve(path) + " was interrupted", e);
        }
        if (response.statusCode() != expected) {
            throw new ToxiproxyException("expecting " + method + " " + api.resolve(path) + " to answer " + expected
                    + " but it answered " + response.statusCode() + ": " + response.body().strip()
                    + (body == null ? "" : " (request: " + body + ")"));
        }
        if (response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ToxiproxyException(method + " " + api.resolve(path) + " answered no JSON: " + response.body(), e);
        }
    }

    /** Polls {@code GET /version} for up to 10 s; empty when it answered, else what went wrong. */
    private static Optional<String> awaitApi(Host.Started p, HttpClient http, URI api) {
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        try {
            Awaitility.await("toxiproxy-server API " + api + "/version answers 200").atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .failFast("toxiproxy-server exited before " + api + "/version answered", () -> !p.isAlive())
                    .until(() -> {
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/version"))
                                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            last.set("HTTP " + r.statusCode() + ": " + r.body().strip());
                            return r.statusCode() == 200;
                        } catch (IOException e) {
                            last.set(e.toString());
                            return false;
                        }
                    });
            return Optional.empty();
        } catch (ConditionTimeoutException e) {
            return Optional.of("timed out after 10 s waiting for " + api + "/version to answer 200; last seen: " + last.get());
        } catch (TerminalFailureException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a port on " + host + " for toxiproxy-server", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the directory is already gone
        }
    }
}
