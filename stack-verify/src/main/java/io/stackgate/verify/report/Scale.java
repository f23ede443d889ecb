package io.stackgate.verify.report;

import java.util.ArrayList;
import java.util.List;

/** A linear axis with a 1-2-5 tick step and ends rounded out to whole steps. */
record Scale(double lo, double hi, double step) {
    static Scale nice(double min, double max, int targetTicks) {
        if (!(max > min)) {
            max = min + 1; // all zeros, or one point: still draw a sensible axis
        }
        double step = niceStep((max - min) / targetTicks);
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new Scale(lo, hi, step);
    }

    /** The smallest of 1, 2, 5 × 10^k that is at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normalized = raw / magnitude;
        double factor = normalized <= 1 + 1e-9 ? 1 : normalized <= 2 + 1e-9 ? 2 : normalized <= 5 + 1e-9 ? 5 : 10;
        return factor * magnitude;
    }

    double fraction(double value) {
        return (value - lo) / (hi - lo);
    }

    List<Double> ticks() {
        int n = (int) Math.round((hi - lo) / step);
        List<Double> ticks = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            ticks.add(lo + i * step);
        }
        return ticks;
    }
}
