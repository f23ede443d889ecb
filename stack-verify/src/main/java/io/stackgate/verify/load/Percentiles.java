package io.stackgate.verify.load;

import java.util.Collection;

/** Nearest-rank percentiles of a sample of values. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p ≤ 100, nearest rank), or null for an empty sample. */
    public static Double of(Collection<Double> values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return Math.round(sorted[Math.max(0, rank - 1)] * 1000) / 1000.0;
    }
}
