package io.stackgate.verify.load;

import io.stackgate.verify.api.Http;
import io.stackgate.verify.result.Timeline;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady query load through a load balancer: {@code rate} requests per second, each with its own
 * timeout, all recorded. Bounded: it stops by itself after {@code maxDuration}.
 */
public final class Load implements AutoCloseable {
    private final URI target;
    private final Duration clientTimeout;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private final ConcurrentLinkedQueue<CompletableFuture<Outcome>> inFlight = new ConcurrentLinkedQueue<>();
    private final List<Outcome> done = new ArrayList<>();

    /** One request: when it started and ended (seconds from the load's start) and how it went. */
    public record Outcome(double start, double end, int status, String error) {
        public boolean failed() {
            return status != 200;
        }

        /** Seconds from sending the request to its answer (or failure). */
        public double latency() {
            return end - start;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "t=%.2fs %s", start, failed()
                    ? (status > 0 ? "HTTP " + status : error) : "ok");
        }
    }

    private Load(URI target, int rate, Duration clientTimeout, Duration maxDuration) {
        this.target = target;
        this.clientTimeout = clientTimeout;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stackgate-load");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = 1_000_000L / rate;
        ticker.scheduleAtFixedRate(this::fire, 0, periodMicros, TimeUnit.MICROSECONDS);
        ticker.schedule(ticker::shutdown, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts sending {@code GET target} at {@code rate} requests per second.
     *
     * @param clientTimeout per request; keep it above the balancer's server timeout plus one retry
     */
    public static Load start(URI target, int rate, Duration clientTimeout, Duration maxDuration) {
        if (rate < 1 || rate > 2_000) {
            throw new IllegalArgumentException("rate must be 1..2000 requests/s, got " + rate);
        }
        return new Load(target, rate, clientTimeout, maxDuration);
    }

    /** Seconds since the load started. */
    public double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void fire() {
        double start = now();
        HttpRequest req = HttpRequest.newBuilder(target).timeout(clientTimeout).GET().build();
        inFlight.add(Http.client().sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> new Outcome(start, now(), r != null ? r.statusCode() : -1,
                        e != null ? e.getClass().getSimpleName() + ": " + e.getMessage() : "")));
    }

    /** Stops sending, waits for the requests in flight, and returns every outcome in start order. */
    public List<Outcome> stop() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CompletableFuture<Outcome> f : inFlight) {
            try {
                done.add(f.get(clientTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                done.add(new Outcome(0, now(), -1, "no outcome: " + e));
            }
        }
        inFlight.clear();
        done.sort(java.util.Comparator.comparingDouble(Outcome::start));
        return List.copyOf(done);
    }

    /** Buckets outcomes into a timeline for the report. */
    public static Timeline timeline(String check, String fault, List<Outcome> outcomes, double bucket, double faultAt,
            Double ejectedAt, Double recoveredAt) {
        double end = outcomes.stream().mapToDouble(Outcome::start).max().orElse(0);
        int n = (int) Math.floor(end / bucket) + 1;
        int[] req = new int[n];
        int[] fail = new int[n];
        List<List<Double>> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            latencies.add(new ArrayList<>());
        }
        for (Outcome o : outcomes) {
            int i = Math.min(n - 1, Math.max(0, (int) Math.floor(o.start() / bucket)));
            req[i]++;
            latencies.get(i).add(o.latency() * 1000);
            if (o.failed()) {
                fail[i]++;
            }
        }
        List<Timeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Double> l = latencies.get(i);
            samples.add(new Timeline.Sample(Math.round(i * bucket * 1000) / 1000.0, req[i], fail[i],
                    Percentiles.of(l, 50), Percentiles.of(l, 99), Percentiles.of(l, 100)));
        }
        return new Timeline(check, fault, bucket, faultAt, ejectedAt, recoveredAt, samples);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
