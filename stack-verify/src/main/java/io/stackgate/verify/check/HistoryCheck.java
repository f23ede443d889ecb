package io.stackgate.verify.check;

import io.stackgate.model.PromDuration;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A replaced replica (ASG replacement: a new instance with an empty disk) must not punch holes in what
 * Grafana shows for the past. Before the fault the check reads, through Grafana's datasource, the raw
 * samples of the scrape targets over a window; after the replica is replaced and back, it reads the same
 * window again, several times (the balancer spreads the reads over the replicas), and every answer must
 * hold every series with no gap wider than one scrape interval. With {@code query.layer: none} the fresh
 * replica answers its share of the reads with nothing before its start: FAILED, with the gap.
 */
public final class HistoryCheck implements Check {
    /** How many scrape intervals of history are compared. */
    static final int WINDOW_INTERVALS = 8;
    /** How far apart, in scrape intervals, two samples may be (see {@link SampleGaps#DEDUP_SPACING}). */
    static final double MAX_SPACING = SampleGaps.DEDUP_SPACING;
    /**
     * Thanos' penalty skips the replica it did not pick for twice the last step, and the other replica's next
     * sample can come up to one more step later: a deduplicated series can leave three of the replicas' own
     * steps between samples. On a busy machine a replica's step stretches past its interval, so the spacing
     * allowed is also at least this many times the widest step the replicas themselves recorded.
     */
    static final double DEDUP_STEPS = 3.0;
    /** Reads after the rejoin: enough that round-robin reaches every replica more than once. */
    static final int READS_AFTER = 6;

    @Override
    public String name() {
        return "history";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, ProcessFaults.class, Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        ProcessFaults faults = target.require(ProcessFaults.class);
        Balancer balancer = target.require(Balancer.class);
        List<Node> replicas = nodes.nodes(Tier.PROMETHEUS);
        if (replicas.size() < 2) {
            return Verdict.skipped("history across a replacement needs at least 2 Prometheus replicas, the topology has "
                    + replicas.size());
        }
        Topology t = target.topology();
        String label = t.prometheus().replicaLabel();
        Duration interval = scrapeInterval(target);
        Duration window = interval.multipliedBy(WINDOW_INTERVALS);
        String selector = "up{job=\"" + t.prometheus().scrapeJobs().stream().map(ScrapeJob::name).findFirst()
                .orElse("prometheus") + "\"}";
        PrometheusApi datasource = PrometheusApi.at(balancer.datasource());
        HistoryBaseline baseline = HistoryBaseline.await(datasource, replicas, selector, interval, WINDOW_INTERVALS, label,
                Duration.ofSeconds(20));
        SortedMap<String, List<Double>> before = baseline.series();
        Instant end = baseline.end();
        double replicaStep = baseline.replicaGap();
        double allowed = Math.max(MAX_SPACING * interval.toMillis() / 1000.0, DEDUP_STEPS * replicaStep);
        List<String> evidence = new ArrayList<>();
        evidence.add("window: " + selector + " over " + window.toMillis() + " ms ending " + end + " (scrape interval "
                + interval.toMillis() + " ms), read through " + balancer.datasource());
        evidence.add("before the fault: " + before.size() + " series, every one complete");
        evidence.add(String.format(Locale.ROOT, "before the fault every replica held the window itself (widest "
                + "stretch without a sample on one replica: %.2f s); a gap up to %.2f s is the deduplication's "
                + "spacing, not a hole", replicaStep, allowed));

        Node victim = replicas.get(replicas.size() - 1);
        Instant replacedAt = Instant.now();
        faults.replace(victim);
        evidence.add("replaced " + victim.id() + " with a fresh instance (empty disk)");
        Wait.until(victim.id() + " back in the balancer", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                .on(() -> balancer.inService(victim), in -> in);
        try {
            QueryTierRejoin.await(nodes, label, nodes.replicaOf(victim), replacedAt, Duration.ofSeconds(15))
                    .ifPresent(seen -> evidence.add(String.format(Locale.ROOT, "every query node read the fresh %s again"
                            + " %.2f s after it was back in the balancer: the reads below include its empty past",
                            victim.id(), seen)));
        } catch (Wait.WaitTimeoutException e) {
            return Verdict.failed("the query tier never read the fresh " + victim.id() + " again, so no read could show"
                    + " its missing history: " + e.getMessage(), evidence);
        }

        double widest = 0;
        List<String> problems = new ArrayList<>();
        for (int read = 1; read <= READS_AFTER; read++) {
            Optional<SortedMap<String, List<Double>>> after = datasource.rawSamples(selector, window, end, label);
            if (after.isEmpty()) {
                problems.add("read " + read + ": the datasource gave no usable answer");
                continue;
            }
            for (Map.Entry<String, List<Double>> series : before.entrySet()) {
                List<Double> now = after.get().getOrDefault(series.getKey(), List.of());
                double gap = SampleGaps.widest(Map.of(series.getKey(), now), end, window);
                widest = Math.max(widest, gap);
                if (now.isEmpty() || gap > allowed) {
                    problems.add(String.format(Locale.ROOT, "read %d: %s has %s (gap of %.2f s, %.0f scrape intervals) "
                            + "where it had %d samples before the replacement", read, series.getKey(),
                            now.isEmpty() ? "no samples" : now.size() + " samples", gap,
                            gap * 1000 / interval.toMillis(), series.getValue().size()));
                }
            }
        }
        double realFactor = t.prometheus().scrapeInterval().seconds() * 1000.0 / interval.toMillis();
        ctx.figure("history_gap_s", widest);
        ctx.figure("history_gap_real_s", widest * realFactor);
        evidence.add(String.format(Locale.ROOT, "widest gap after the replacement: %.2f s here, %.0f s on the topology's "
                + "clock (%s scrapes)", widest, widest * realFactor, t.prometheus().scrapeInterval().text()));
        if (!problems.isEmpty()) {
            problems.add(0, "after " + victim.id() + " was replaced, Grafana's datasource answers with a hole in the "
                    + "past: " + problems.size() + " of " + READS_AFTER * before.size() + " series reads incomplete"
                    + (t.query().enabled() ? "" : " (query.layer is none: the fresh replica answers its share with an "
                            + "empty history)"));
        }
        return Verdict.of("every read of the " + before.size() + " series after replacing " + victim.id()
                + " returned the full window (widest gap " + LoadPhases.fmt(widest) + " s)", problems, evidence);
    }

    /** The scrape interval the target runs with (compressed on the local target). */
    private static Duration scrapeInterval(Target target) {
        String path = "config/prometheus/prometheus.yml";
        String yaml = target.bundle().has(path) ? target.bundle().text(path) : "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("scrape_interval: (\\S+)").matcher(yaml);
        return m.find() ? PromDuration.parse(m.group(1)).value() : target.topology().prometheus().scrapeInterval().value();
    }
}
