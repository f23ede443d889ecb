package io.stackgate.verify.check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Gaps in sample timestamps over a window: what the history checks measure. */
public final class SampleGaps {
    /**
     * How far apart, in scrape intervals, two samples read through a deduplicating query tier may be.
     * Thanos' deduplication keeps reading one replica and switches to another only after a gap longer
     * than its penalty, so over replicas with offset scrapes it leaves gaps between samples: up to 2.8
     * intervals over two replicas and 3.5 over three (measured here, with every replica scraping each
     * second). A replaced replica's missing history leaves the whole window empty.
     */
    public static final double DEDUP_SPACING = 4.5;

    private SampleGaps() {
    }

    /**
     * The series still being scraped at {@code end}: the last sample at most {@code maxLagSeconds} before it.
     * A series that ended inside the window (a target terminated on purpose, say) has no samples to lose
     * after its end; the history checks compare the live ones and name the others.
     */
    public static java.util.SortedMap<String, List<Double>> live(Map<String, List<Double>> series, Instant end,
            double maxLagSeconds) {
        double to = end.toEpochMilli() / 1000.0;
        java.util.SortedMap<String, List<Double>> out = new java.util.TreeMap<>();
        series.forEach((name, ts) -> {
            if (!ts.isEmpty() && to - ts.get(ts.size() - 1) <= maxLagSeconds) {
                out.put(name, ts);
            }
        });
        return out;
    }

    /** The widest stretch of {@code [end - window, end]} without a sample, over every series. */
    public static double widest(Map<String, List<Double>> series, Instant end, Duration window) {
        double to = end.toEpochMilli() / 1000.0;
        double from = to - window.toMillis() / 1000.0;
        double widest = 0;
        for (List<Double> ts : series.values()) {
            double last = from;
            for (double x : ts) {
                widest = Math.max(widest, x - last);
                last = Math.max(last, x);
            }
            widest = Math.max(widest, to - last);
        }
        return widest;
    }
}
