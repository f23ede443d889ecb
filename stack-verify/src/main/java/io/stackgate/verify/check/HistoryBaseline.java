package io.stackgate.verify.check;

import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The window a history check compares against after a replacement: a steady state, read through the
 * datasource. It holds when the datasource's answer is complete (samples at most {@link
 * SampleGaps#DEDUP_SPACING} intervals apart, as a deduplicating query tier leaves them) and so is every
 * replica's own copy (at most {@link #REPLICA_SPACING} intervals, the window's edges included, the same
 * series on each). A window that only one replica holds — the other discovered a target late, or is just
 * back from a stop — would be lost with that replica on AWS too; that is not what a replacement does, so
 * the baseline waits it out. Only series still scraped at the window's end count: one that ended inside it
 * (a host terminated on purpose) has nothing after its end to lose.
 *
 * @param end        the window's end (one interval before the read: every replica has scraped it)
 * @param window     the window's length
 * @param series     the datasource's samples per series, without the replica label
 * @param replicaGap the widest stretch without a sample on any replica's own copy, in seconds
 */
public record HistoryBaseline(Instant end, Duration window, SortedMap<String, List<Double>> series, double replicaGap) {
    /** How far apart, in scrape intervals, two samples of a replica's own copy may be in a steady state. */
    public static final double REPLICA_SPACING = 2.0;

    /**
     * Waits (polling every 250 ms, at most the window plus {@code slack}) for a steady-state window of
     * {@code intervals} scrape intervals of {@code selector}.
     *
     * @throws Wait.WaitTimeoutException when none comes in time
     */
    public static HistoryBaseline await(PrometheusApi datasource, List<Node> replicas, String selector, Duration interval,
            int intervals, String replicaLabel, Duration slack) {
        Duration window = interval.multipliedBy(intervals);
        double dedup = SampleGaps.DEDUP_SPACING * interval.toMillis() / 1000.0;
        double own = REPLICA_SPACING * interval.toMillis() / 1000.0;
        return Wait.until("the datasource and every replica holding " + intervals + " complete scrape intervals of "
                        + selector + " before the fault", window.plus(slack))
                .polling(Duration.ofMillis(250))
                .on(() -> {
                    Instant end = Instant.now().minus(interval);
                    SortedMap<String, List<Double>> through = datasource.rawSamples(selector, window, end, replicaLabel)
                            .map(all -> SampleGaps.live(all, end, dedup)).orElse(new TreeMap<>());
                    return new HistoryBaseline(end, window, through,
                            widestOnAReplica(replicas, selector, window, end, replicaLabel, own, through.size()));
                }, b -> !b.series.isEmpty() && SampleGaps.widest(b.series, b.end, window) <= dedup && b.replicaGap <= own);
    }

    /** What the last poll saw, for a timeout's message. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d series through the datasource (widest stretch without a sample "
                + "%.2f s), widest on a replica's own copy %.2f s", series.size(), SampleGaps.widest(series, end, window),
                replicaGap);
    }

    /**
     * The widest stretch of the window without a sample on any replica's own copy of the series still
     * scraped at its end, edges included; {@code +Infinity} when a replica does not answer, has fewer series
     * than the datasource ({@code expected}; the datasource's names carry the external labels too) or lacks
     * one another replica has.
     */
    private static double widestOnAReplica(List<Node> replicas, String selector, Duration window, Instant end,
            String label, double lag, int expected) {
        Set<String> seen = new TreeSet<>();
        List<SortedMap<String, List<Double>>> copies = new ArrayList<>();
        for (Node replica : replicas) {
            Optional<SortedMap<String, List<Double>>> copy = PrometheusApi.of(replica)
                    .rawSamples(selector, window, end, label).map(all -> SampleGaps.live(all, end, lag));
            if (copy.isEmpty() || copy.get().size() < Math.max(1, expected)) {
                return Double.POSITIVE_INFINITY;
            }
            copies.add(copy.get());
            seen.addAll(copy.get().keySet());
        }
        double widest = 0;
        for (SortedMap<String, List<Double>> copy : copies) {
            if (!copy.keySet().containsAll(seen)) {
                return Double.POSITIVE_INFINITY;
            }
            widest = Math.max(widest, SampleGaps.widest(copy, end, window));
        }
        return widest;
    }
}
