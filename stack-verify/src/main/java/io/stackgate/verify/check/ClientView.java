package io.stackgate.verify.check;

import io.stackgate.verify.load.Load;
import io.stackgate.verify.load.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a client of the datasource saw during a fault, from every request's outcome: the error
 * window (first failed request after the fault to the end of the last one), the failed fraction
 * inside it, latency percentiles, completed throughput (requests that got an HTTP answer, whatever
 * its status: the failed ones are counted on their own) and the longest stretch without a
 * successful answer. Figures are on the replica's clock; {@link #real(double, double)} translates
 * one to the topology's clock.
 */
record ClientView(int requests, int failed, double errorWindowS, int requestsInWindow, int failedInWindow,
        double p50Ms, double p99Ms, double maxMs, double completedPerSecond, double longestGapS) {

    static ClientView of(List<Load.Outcome> outcomes, double faultAt) {
        List<Load.Outcome> failures = outcomes.stream().filter(Load.Outcome::failed).filter(o -> o.end() >= faultAt).toList();
        double from = failures.stream().mapToDouble(Load.Outcome::start).min().orElse(Double.NaN);
        double to = failures.stream().mapToDouble(Load.Outcome::end).max().orElse(Double.NaN);
        double window = failures.isEmpty() ? 0 : to - from;
        int inWindow = failures.isEmpty() ? 0
                : (int) outcomes.stream().filter(o -> o.start() >= from && o.start() <= to).count();
        List<Double> latencies = new ArrayList<>();
        outcomes.forEach(o -> latencies.add(o.latency() * 1000));
        List<Double> okEnds = outcomes.stream().filter(o -> !o.failed()).map(Load.Outcome::end).sorted().toList();
        long answered = outcomes.stream().filter(o -> o.status() > 0).count();
        double span = outcomes.isEmpty() ? 0
                : outcomes.stream().mapToDouble(Load.Outcome::end).max().orElse(0)
                        - outcomes.stream().mapToDouble(Load.Outcome::start).min().orElse(0);
        double gap = 0;
        for (int i = 1; i < okEnds.size(); i++) {
            gap = Math.max(gap, okEnds.get(i) - okEnds.get(i - 1));
        }
        return new ClientView(outcomes.size(), (int) outcomes.stream().filter(Load.Outcome::failed).count(), window,
                inWindow, failures.size(), orZero(Percentiles.of(latencies, 50)), orZero(Percentiles.of(latencies, 99)),
                orZero(Percentiles.of(latencies, 100)), span <= 0 ? 0 : answered / span, gap);
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    /** The failed fraction of the requests sent inside the error window (0 without one). */
    double failedFractionInWindow() {
        return requestsInWindow == 0 ? 0 : (double) failedInWindow / requestsInWindow;
    }

    /** {@code seconds} on the replica's clock, on the topology's ({@code factor}: real seconds per replica second). */
    static double real(double seconds, double factor) {
        return seconds * factor;
    }

    /** "on AWS with these health checks: ~20 s during which ~1 in 2 queries fail" — or none. */
    String onAws(double factor) {
        if (failedInWindow == 0) {
            return "on AWS with these health checks: no failed queries expected";
        }
        double fraction = failedFractionInWindow();
        long oneIn = Math.max(1, Math.round(1 / Math.max(fraction, 1e-9)));
        return String.format(Locale.ROOT, "on AWS with these health checks: ~%.0f s during which ~1 in %d queries fail",
                real(errorWindowS, factor), oneIn);
    }

    /** The figures under {@code prefix} (e.g. {@code failover_}) for the report, on both clocks. */
    void record(CheckContext ctx, String prefix, double factor) {
        ctx.figure(prefix + "requests", requests);
        ctx.figure(prefix + "failed_requests", failed);
        ctx.figure(prefix + "error_window_s", errorWindowS);
        ctx.figure(prefix + "error_window_real_s", real(errorWindowS, factor));
        ctx.figure(prefix + "failed_fraction_in_window", failedFractionInWindow());
        ctx.figure(prefix + "latency_p50_ms", p50Ms);
        ctx.figure(prefix + "latency_p99_ms", p99Ms);
        ctx.figure(prefix + "latency_max_ms", maxMs);
        ctx.figure(prefix + "completed_per_s", completedPerSecond);
        ctx.figure(prefix + "longest_gap_s", longestGapS);
    }

    String describe(double factor) {
        return String.format(Locale.ROOT, "%d requests, %d failed; error window %.2f s here (%.1f s on the topology's clock), "
                + "%.0f %% failed inside it; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.1f answered/s; "
                + "longest stretch without an answer %.2f s", requests, failed, errorWindowS, real(errorWindowS, factor),
                100 * failedFractionInWindow(), p50Ms, p99Ms, maxMs, completedPerSecond, longestGapS);
    }
}
