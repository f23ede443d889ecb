package io.stackgate.verify.report;

import io.stackgate.verify.result.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A failover chart as inline SVG: request rate over time (blue step area, left axis), failed
 * requests (red bars in the lower part of the plot on their own right axis, so that ten failures
 * among thousands of requests still show),
 * the p99 latency per bucket (purple line in the upper band), the fault as a dashed line, and the
 * balancer's ejection and recovery when they are known.
 * Coordinates are rounded to one decimal so the same Timeline always gives the same markup.
 *
 * <p>Why one file over 300 lines: one chart; its layers (requests, latency, failures, markers,
 * axes, legend) share the same scales and coordinates, and drawing them apart would pass those
 * around for nothing.
 */
final class TimelineSvg {
    static final int WIDTH = 960;
    static final int HEIGHT = 330;
    static final int PLOT_LEFT = 64;
    static final int PLOT_RIGHT = WIDTH - 64;
    static final int PLOT_TOP = 62;
    static final int PLOT_BOTTOM = 272;
    static final double PLOT_WIDTH = PLOT_RIGHT - PLOT_LEFT;
    static final double PLOT_HEIGHT = PLOT_BOTTOM - PLOT_TOP;
    /**
     * Failures get the lower 40 % of the plot on their own axis: tall enough that a handful of
     * failed requests stands out next to thousands served, low enough never to hide the request
     * rate above them.
     */
    static final double FAILURE_HEIGHT = 0.4 * PLOT_HEIGHT;
    /** Latency (p99 per bucket) gets the upper 40 % of the plot, scaled to its own slowest bucket. */
    static final double LATENCY_HEIGHT = 0.4 * PLOT_HEIGHT;

    private static final String BLUE = "#2563eb";
    private static final String RED = "#dc2626";
    private static final String PURPLE = "#7c3aed";
    private static final String FAULT = "#111827";
    private static final String EJECTED = "#c2410c";
    private static final String RECOVERED = "#15803d";
    private static final String GRID = "#e5e7eb";
    private static final String AXIS = "#6b7280";

    private final Timeline timeline;
    private final String titleId;
    private final List<Timeline.Sample> samples;
    private final double bucket;
    private final Scale x;
    private final Scale requests;
    private final Scale failures;

    private TimelineSvg(Timeline timeline, String titleId) {
        this.timeline = timeline;
        this.titleId = titleId;
        this.samples = timeline.samples().stream().sorted(Comparator.comparingDouble(Timeline.Sample::t)).toList();
        // a non-positive bucket cannot give a rate; draw counts per sample rather than fail the report
        this.bucket = timeline.bucketSeconds() > 0 && Double.isFinite(timeline.bucketSeconds())
                ? timeline.bucketSeconds() : 1.0;
        this.x = xScale();
        this.requests = Scale.nice(0, samples.stream().mapToDouble(s -> s.requests() / bucket).max().orElse(0), 5);
        this.failures = Scale.nice(0, samples.stream().mapToDouble(s -> s.failures() / bucket).max().orElse(0), 3);
    }

    /** The chart for {@code timeline}; {@code titleId} must be unique in the page. */
    static String render(Timeline timeline, String titleId) {
        return new TimelineSvg(timeline, titleId).svg();
    }

    /** "N requests, M failed; ejected X s after the fault; back after Y s". */
    static String caption(Timeline timeline) {
        long total = timeline.requests();
        long failed = timeline.failures();
        StringBuilder s = new StringBuilder();
        s.append(Html.count(total)).append(total == 1 ? " request, " : " requests, ").append(Html.count(failed))
                .append(" failed");
        if (failed > 0 && total > 0) {
            s.append(" (").append(Html.decimal(100.0 * failed / total, 3)).append("%)");
        }
        double fault = timeline.faultAtSeconds();
        Double ejected = timeline.ejectedAtSeconds();
        Double recovered = timeline.recoveredAtSeconds();
        if (ejected != null && Double.isFinite(fault)) {
            s.append("; ejected ").append(Html.decimal(ejected - fault, 3)).append(" s after the fault");
        } else {
            s.append("; no ejection recorded");
        }
        if (recovered != null && Double.isFinite(fault)) {
            s.append("; back after ").append(Html.decimal(recovered - fault, 3)).append(" s");
        } else {
            s.append("; not serving again by the end of the run");
        }
        return s.toString();
    }

    private Scale xScale() {
        double lo = 0;
        double hi = bucket;
        for (Timeline.Sample s : samples) {
            lo = Math.min(lo, s.t());
            hi = Math.max(hi, s.t() + bucket);
        }
        for (Double marker : new Double[] {timeline.faultAtSeconds(), timeline.ejectedAtSeconds(),
                timeline.recoveredAtSeconds()}) {
            if (marker != null && Double.isFinite(marker)) {
                lo = Math.min(lo, marker);
                hi = Math.max(hi, marker);
            }
        }
        return Scale.nice(lo, hi, 10);
    }

    double xAt(double seconds) {
        return PLOT_LEFT + x.fraction(seconds) * PLOT_WIDTH;
    }

    private static double yAt(Scale scale, double value) {
        return PLOT_BOTTOM - scale.fraction(value) * PLOT_HEIGHT;
    }

    private double failureY(double value) {
        return PLOT_BOTTOM - failures.fraction(value) * FAILURE_HEIGHT;
    }

    private String svg() {
        StringBuilder out = new StringBuilder(8192);
        out.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"").append(titleId)
                .append("\" font-size=\"12\">\n");
        out.append("<title id=\"").append(titleId).append("\">")
                .append(Html.escape("Requests per second through the load balancer during: " + timeline.fault()
                        + ". " + caption(timeline)))
                .append("</title>\n");
        band(out);
        grid(out);
        requestArea(out);
        latencyLine(out);
        failureBars(out);
        axes(out);
        markers(out);
        note(out);
        legend(out);
        out.append("</svg>");
        return out.toString();
    }

    /** The window between the fault and the ejection: the time the balancer still sent traffic to a dead node. */
    private void band(StringBuilder out) {
        Double ejected = timeline.ejectedAtSeconds();
        if (ejected == null || !Double.isFinite(ejected) || !Double.isFinite(timeline.faultAtSeconds())
                || ejected <= timeline.faultAtSeconds()) {
            return;
        }
        double x0 = xAt(timeline.faultAtSeconds());
        out.append("<rect class=\"detection-window\" x=\"").append(Html.coord(x0)).append("\" y=\"").append(PLOT_TOP)
                .append("\" width=\"").append(Html.coord(xAt(ejected) - x0)).append("\" height=\"")
                .append(Html.coord(PLOT_HEIGHT)).append("\" fill=\"#fee2e2\" fill-opacity=\"0.7\"/>\n");
    }

    private void grid(StringBuilder out) {
        for (double v : requests.ticks()) {
            String y = Html.coord(yAt(requests, v));
            out.append("<line x1=\"").append(PLOT_LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(PLOT_RIGHT).append("\" y2=\"").append(y).append("\" stroke=\"").append(GRID)
                    .append("\"/>\n");
        }
    }

    private void requestArea(StringBuilder out) {
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder area = new StringBuilder();
        StringBuilder line = new StringBuilder();
        String base = Html.coord(PLOT_BOTTOM);
        double runEnd = Double.NaN;
        String lastX = null;
        for (Timeline.Sample s : samples) {
            String x0 = Html.coord(xAt(s.t()));
            String x1 = Html.coord(xAt(s.t() + bucket));
            String y = Html.coord(yAt(requests, s.requests() / bucket));
            boolean contiguous = !Double.isNaN(runEnd) && Math.abs(s.t() - runEnd) <= bucket * 1e-6;
            if (!contiguous) {
                if (lastX != null) {
                    area.append(" L").append(lastX).append(',').append(base).append(" Z");
                }
                area.append(area.length() == 0 ? "" : " ").append('M').append(x0).append(',').append(base);
                line.append(line.length() == 0 ? "" : " ").append('M').append(x0).append(',').append(y);
            } else {
                line.append(" L").append(x0).append(',').append(y);
            }
            area.append(" L").append(x0).append(',').append(y).append(" L").append(x1).append(',').append(y);
            line.append(" L").append(x1).append(',').append(y);
            runEnd = s.t() + bucket;
            lastX = x1;
        }
        area.append(" L").append(lastX).append(',').append(base).append(" Z");
        out.append("<path class=\"requests-area\" d=\"").append(area).append("\" fill=\"").append(BLUE)
                .append("\" fill-opacity=\"0.14\"/>\n");
        out.append("<path class=\"requests-line\" d=\"").append(line).append("\" fill=\"none\" stroke=\"")
                .append(BLUE).append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>\n");
    }

    /**
     * p99 latency per bucket as a thin line in the upper band of the plot, scaled to the slowest
     * bucket (named in the legend): where requests hang on a dead or stuck node, it climbs.
     */
    private void latencyLine(StringBuilder out) {
        Double max = timeline.maxLatencyMs();
        if (max == null || max <= 0) {
            return;
        }
        double top = samples.stream().map(Timeline.Sample::p99Ms).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        if (top <= 0) {
            return;
        }
        StringBuilder d = new StringBuilder();
        for (Timeline.Sample s : samples) {
            if (s.p99Ms() == null) {
                continue;
            }
            double y = PLOT_TOP + (1 - s.p99Ms() / top) * LATENCY_HEIGHT;
            d.append(d.length() == 0 ? "M" : " L").append(Html.coord(xAt(s.t() + bucket / 2))).append(',')
                    .append(Html.coord(y));
        }
        out.append("<path class=\"latency-line\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(PURPLE)
                .append("\" stroke-width=\"1.2\"><title>").append(Html.escape("p99 latency per bucket; the top of the band is "
                        + Html.decimal(top, 1) + " ms, the slowest request took " + Html.decimal(max, 1) + " ms"))
                .append("</title></path>\n");
    }

    private void failureBars(StringBuilder out) {
        for (Timeline.Sample s : samples) {
            if (s.failures() <= 0) {
                continue;
            }
            double x0 = xAt(s.t());
            double w = xAt(s.t() + bucket) - x0;
            double gap = w > 6 ? 1 : 0;
            double width = Math.max(2, w - 2 * gap);
            // at least 3 px tall: a single failed request must never disappear into the axis
            double height = Math.max(3, PLOT_BOTTOM - failureY(s.failures() / bucket));
            out.append("<rect class=\"failure-bar\" x=\"").append(Html.coord(x0 + gap)).append("\" y=\"")
                    .append(Html.coord(PLOT_BOTTOM - height)).append("\" width=\"").append(Html.coord(width))
                    .append("\" height=\"").append(Html.coord(height)).append("\" fill=\"").append(RED)
                    .append("\"><title>").append(Html.escape("t = " + Html.decimal(s.t(), 3) + " s: "
                            + Html.count(s.failures()) + " failed of " + Html.count(s.requests())))
                    .append("</title></rect>\n");
        }
    }

    private void axes(StringBuilder out) {
        // x axis
        out.append("<line x1=\"").append(PLOT_LEFT).append("\" y1=\"").append(PLOT_BOTTOM).append("\" x2=\"")
                .append(PLOT_RIGHT).append("\" y2=\"").append(PLOT_BOTTOM).append("\" stroke=\"").append(AXIS)
                .append("\"/>\n");
        for (double t : x.ticks()) {
            String xs = Html.coord(xAt(t));
            out.append("<line x1=\"").append(xs).append("\" y1=\"").append(PLOT_BOTTOM).append("\" x2=\"")
                    .append(xs).append("\" y2=\"").append(PLOT_BOTTOM + 5).append("\" stroke=\"").append(AXIS)
                    .append("\"/>");
            out.append("<text x=\"").append(xs).append("\" y=\"").append(PLOT_BOTTOM + 19)
                    .append("\" text-anchor=\"middle\" fill=\"#374151\">").append(Html.compact(t)).append(" s</text>\n");
        }
        // left axis: requests per second
        out.append("<line x1=\"").append(PLOT_LEFT).append("\" y1=\"").append(PLOT_TOP).append("\" x2=\"")
                .append(PLOT_LEFT).append("\" y2=\"").append(PLOT_BOTTOM).append("\" stroke=\"").append(AXIS)
                .append("\"/>\n");
        for (double v : requests.ticks()) {
            out.append("<text x=\"").append(PLOT_LEFT - 8).append("\" y=\"").append(Html.coord(yAt(requests, v) + 4))
                    .append("\" text-anchor=\"end\" fill=\"").append(BLUE).append("\">").append(Html.compact(v))
                    .append("</text>\n");
        }
        out.append("<text x=\"16\" y=\"").append(Html.coord(PLOT_TOP + PLOT_HEIGHT / 2))
                .append("\" transform=\"rotate(-90 16 ").append(Html.coord(PLOT_TOP + PLOT_HEIGHT / 2))
                .append(")\" text-anchor=\"middle\" fill=\"").append(BLUE).append("\">requests/s</text>\n");
        // right axis: failed requests per second, only when something failed
        if (timeline.failures() <= 0) {
            return;
        }
        String top = Html.coord(PLOT_BOTTOM - FAILURE_HEIGHT);
        out.append("<line x1=\"").append(PLOT_RIGHT).append("\" y1=\"").append(top).append("\" x2=\"")
                .append(PLOT_RIGHT).append("\" y2=\"").append(PLOT_BOTTOM).append("\" stroke=\"").append(RED)
                .append("\" stroke-width=\"1.6\"/>\n");
        for (double v : failures.ticks()) {
            String y = Html.coord(failureY(v));
            out.append("<line x1=\"").append(PLOT_RIGHT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(PLOT_RIGHT + 4).append("\" y2=\"").append(y).append("\" stroke=\"").append(RED)
                    .append("\"/>");
            out.append("<text x=\"").append(PLOT_RIGHT + 8).append("\" y=\"").append(Html.coord(failureY(v) + 4))
                    .append("\" fill=\"").append(RED).append("\">").append(Html.compact(v)).append("</text>\n");
        }
        double mid = PLOT_BOTTOM - FAILURE_HEIGHT / 2;
        out.append("<text x=\"").append(WIDTH - 12).append("\" y=\"").append(Html.coord(mid))
                .append("\" transform=\"rotate(90 ").append(WIDTH - 12).append(' ').append(Html.coord(mid))
                .append(")\" text-anchor=\"middle\" fill=\"").append(RED).append("\">failed/s</text>\n");
    }

    private void markers(StringBuilder out) {
        double fault = timeline.faultAtSeconds();
        if (Double.isFinite(fault)) {
            marker(out, "fault", fault, 1, FAULT, "6 4",
                    (timeline.fault() == null ? "fault" : timeline.fault()) + " @ " + Html.decimal(fault, 3) + " s");
        }
        Double ejected = timeline.ejectedAtSeconds();
        if (ejected != null && Double.isFinite(ejected)) {
            marker(out, "ejected", ejected, 2, EJECTED, "3 3", "ejected @ " + Html.decimal(ejected, 3) + " s");
        }
        Double recovered = timeline.recoveredAtSeconds();
        if (recovered != null && Double.isFinite(recovered)) {
            marker(out, "recovered", recovered, 3, RECOVERED, "3 3",
                    "serving again @ " + Html.decimal(recovered, 3) + " s");
        }
    }

    /** A vertical line through the plot with its label on its own row above, so labels never overlap. */
    private void marker(StringBuilder out, String kind, double seconds, int row, String colour, String dash,
            String label) {
        String xs = Html.coord(xAt(seconds));
        int labelY = 4 + row * 16;
        out.append("<line class=\"").append(kind).append("-line\" x1=\"").append(xs).append("\" y1=\"")
                .append(labelY + 4).append("\" x2=\"").append(xs).append("\" y2=\"").append(PLOT_BOTTOM)
                .append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\" stroke-dasharray=\"")
                .append(dash).append("\"/>\n");
        boolean nearRightEdge = xAt(seconds) > PLOT_LEFT + 0.7 * PLOT_WIDTH;
        out.append("<text class=\"").append(kind).append("-label\" x=\"")
                .append(Html.coord(xAt(seconds) + (nearRightEdge ? -5 : 5))).append("\" y=\"").append(labelY)
                .append("\" text-anchor=\"").append(nearRightEdge ? "end" : "start").append("\" fill=\"")
                .append(colour).append("\" font-weight=\"600\" stroke=\"#fff\" stroke-width=\"4\"")
                .append(" paint-order=\"stroke\">").append(Html.escape(label)).append("</text>\n");
    }

    private void note(StringBuilder out) {
        String note = samples.isEmpty() ? "no samples recorded"
                : timeline.requests() == 0 ? "no requests recorded" : null;
        if (note == null) {
            return;
        }
        out.append("<text class=\"chart-note\" x=\"").append(Html.coord(PLOT_LEFT + PLOT_WIDTH / 2)).append("\" y=\"")
                .append(Html.coord(PLOT_TOP + PLOT_HEIGHT / 2)).append("\" text-anchor=\"middle\" font-size=\"15\"")
                .append(" fill=\"#6b7280\" stroke=\"#fff\" stroke-width=\"5\" paint-order=\"stroke\">").append(note).append("</text>\n");
    }

    private void legend(StringBuilder out) {
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"area", BLUE, "requests/s"});
        items.add(new String[] {"bar", RED, timeline.failures() > 0 ? "failed/s (right axis)" : "failed/s (none failed)"});
        if (timeline.maxLatencyMs() != null) {
            items.add(new String[] {"", PURPLE, "p99 latency (slowest " + Html.decimal(timeline.maxLatencyMs(), 0) + " ms)"});
        }
        items.add(new String[] {"6 4", FAULT, "fault"});
        if (timeline.ejectedAtSeconds() != null) {
            items.add(new String[] {"band", "#fee2e2", "fault \u2192 ejected"});
            items.add(new String[] {"3 3", EJECTED, "ejected by the balancer"});
        }
        if (timeline.recoveredAtSeconds() != null) {
            items.add(new String[] {"3 3", RECOVERED, "serving again"});
        }
        int y = HEIGHT - 14;
        double xPos = PLOT_LEFT;
        out.append("<g class=\"legend\" fill=\"#374151\">\n");
        for (String[] item : items) {
            String xs = Html.coord(xPos);
            switch (item[0]) {
                case "area" -> out.append("<rect x=\"").append(xs).append("\" y=\"").append(y - 9)
                        .append("\" width=\"18\" height=\"10\" fill=\"").append(item[1])
                        .append("\" fill-opacity=\"0.14\" stroke=\"").append(item[1]).append("\"/>");
                case "bar", "band" -> out.append("<rect x=\"").append(xs).append("\" y=\"").append(y - 9)
                        .append("\" width=\"18\" height=\"10\" fill=\"").append(item[1]).append("\"/>");
                default -> out.append("<line x1=\"").append(xs).append("\" y1=\"").append(y - 4).append("\" x2=\"")
                        .append(Html.coord(xPos + 18)).append("\" y2=\"").append(y - 4).append("\" stroke=\"")
                        .append(item[1]).append("\" stroke-width=\"1.6\" stroke-dasharray=\"").append(item[0])
                        .append("\"/>");
            }
            out.append("<text x=\"").append(Html.coord(xPos + 24)).append("\" y=\"").append(y).append("\">")
                    .append(Html.escape(item[2])).append("</text>\n");
            // about 6.6 px per character at 12 px in the system sans-serif fonts, plus the swatch and a gap
            xPos += 24 + item[2].length() * 6.6 + 22;
        }
        out.append("</g>\n");
    }
}
