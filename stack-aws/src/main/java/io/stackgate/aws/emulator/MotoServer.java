package io.stackgate.aws.emulator;

import io.stackgate.runtime.NodeProcess;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One moto server (the AWS emulator of the {@code emulated} target) on a free loopback port,
 * started from the venv of scripts/install.d/40-moto.sh. {@link #start()} returns once the
 * server answers HTTP; {@link #close()} stops it, and so does a JVM exit or SIGTERM: nothing is
 * left running.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     AwsClients aws = AwsClients.of(AwsConnection.emulator("us-east-1", moto.endpoint()));
 *     ...
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {
    /** Start attempts: another program may take the chosen port between choosing and binding it. */
    private static final int ATTEMPTS = 3;
    private static final java.util.Set<MotoServer> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // On JVM exit and SIGTERM: stop every server and delete its working directory too.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(MotoServer::close),
                "stackgate-moto-reaper"));
    }

    private final NodeProcess process;
    private final int port;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(NodeProcess process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /** Settings of a start: the venv holding moto and how long it may take to answer. */
    public record Options(Path venv, Duration startTimeout) {
        public Options {
            Objects.requireNonNull(venv, "venv");
            Objects.requireNonNull(startTimeout, "startTimeout");
        }

        /** The venv {@link MotoVenv#require()} finds, 60 s to answer (a cold Python start on a busy machine). */
        public static Options defaults() {
            return new Options(MotoVenv.require(), Duration.ofSeconds(60));
        }

        public Options withStartTimeout(Duration timeout) {
            return new Options(venv, timeout);
        }
    }

    /**
     * Starts moto with {@link Options#defaults()}.
     *
     * @throws EmulatorException when moto is not installed, does not start or does not answer in time
     *         (the message carries the command and the log's tail)
     */
    public static MotoServer start() {
        return start(Options.defaults());
    }

    /** Starts moto with {@code options}; fails like {@link #start()}. */
    public static MotoServer start(Options options) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("stackgate-moto-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for moto", e);
        }
        EmulatorException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            NodeProcess p = NodeProcess.start("moto_server:" + port,
                    List.of(options.venv().resolve("bin/moto_server").toString(), "-H", "127.0.0.1", "-p",
                            Integer.toString(port)),
                    workDir, environment(), workDir.resolve("moto-" + port + ".log"));
            MotoServer server = new MotoServer(p, port, workDir);
            try {
                server.awaitAnswering(options.startTimeout());
                LIVE.add(server);
                return server;
            } catch (EmulatorException e) {
                p.stop(Duration.ofSeconds(2));
                last = e;
                if (!p.logTail(20).contains("Address already in use")) {
                    break;
                }
            }
        }
        deleteQuietly(workDir);
        throw last;
    }

    /**
     * moto's own switches: the AWS-managed IAM policies (the stack attaches
     * AmazonSSMManagedInstanceCore) exist only when loaded.
     */
    private static Map<String, String> environment() {
        return Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
    }

    private void awaitAnswering(Duration timeout) {
        URI probe = endpoint().resolve("/moto-api/data.json");
        AtomicReference<String> lastSeen = new AtomicReference<>("no answer yet");
        try {
            Awaitility.await("moto_server on 127.0.0.1:" + port + " answers GET /moto-api/data.json")
                    .atMost(timeout).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new EmulatorException("moto_server exited while starting: "
                                    + String.join(" ", process.command()) + " (log " + process.log() + "):\n"
                                    + process.logTail(20));
                        }
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe)
                                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                            lastSeen.set("HTTP " + r.statusCode());
                            return r.statusCode() == 200;
                        } catch (IOException e) {
                            lastSeen.set(e.toString());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new EmulatorException("moto_server did not answer " + probe + " within " + timeout
                    + " (last seen: " + lastSeen.get() + "); command " + String.join(" ", process.command())
                    + ", log " + process.log() + ":\n" + process.logTail(20), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint override of every AWS client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Forgets every resource in every service ({@code POST /moto-api/reset}).
     *
     * @throws EmulatorException when moto does not answer 200
     */
    public void reset() {
        URI uri = endpoint().resolve("/moto-api/reset");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new EmulatorException("POST " + uri + " answered HTTP " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new EmulatorException("POST " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted during POST " + uri, e);
        }
    }

    /** Stops moto (SIGTERM, SIGKILL after 5 s) and deletes its working directory. */
    @Override
    public void close() {
        LIVE.remove(this);
        process.stop(Duration.ofSeconds(5));
        deleteQuietly(workDir);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is not worth failing a stop for
        }
    }

    @Override
    public String toString() {
        return "moto_server at " + endpoint() + " (pid " + pid() + ")";
    }
}
