package io.stackgate.verify.report;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Timeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code index.html}: one self-contained page (inline CSS and SVG, no fonts, scripts or images
 * from elsewhere) that reads fully without JavaScript and prints. Every string that comes from
 * the report goes through {@link Html#escape}; the page carries no clock or random value of its
 * own, so the same Report gives the same bytes.
 */
final class HtmlReport {
    private final Report report;
    private final StringBuilder out = new StringBuilder(32_768);

    private HtmlReport(Report report) {
        this.report = report;
    }

    static byte[] render(Report report) {
        return new HtmlReport(report).page().getBytes(StandardCharsets.UTF_8);
    }

    private String page() {
        String verdict = report.passed() ? "PASSED" : "FAILED";
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(verdict).append(" \u00b7 ").append(Html.escape(report.topology()))
                .append(" \u00b7 stackgate verify</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(verdict);
        out.append("<main>\n");
        checks();
        failover();
        figures();
        out.append("</main>\n");
        out.append("<footer>stackgate verify \u00b7 machine-readable: <a href=\"report.json\">report.json</a></footer>\n");
        // printing opens every collapsed evidence block; without JavaScript the page is complete anyway
        out.append("<script>addEventListener('beforeprint',function(){document.querySelectorAll('details')")
                .append(".forEach(function(d){d.open=true})})</script>\n");
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void header(String verdict) {
        long passed = report.count(Status.PASSED);
        long failed = report.count(Status.FAILED);
        long skipped = report.count(Status.SKIPPED);
        out.append("<header class=\"top\">\n<div class=\"title\">\n<div class=\"eyebrow\">stackgate verify</div>\n")
                .append("<h1>").append(Html.escape(report.topology())).append("</h1>\n<dl class=\"meta\">\n");
        meta("target", Html.escape(report.target()));
        meta("source", "<code>" + Html.escape(report.source()) + "</code>");
        meta("started", "<time datetime=\"" + Html.escape(report.startedAt()) + "\">"
                + Html.escape(report.startedAt()) + "</time>");
        meta("total time", Html.duration(report.totalSeconds()));
        out.append("</dl>\n</div>\n");
        out.append("<div class=\"verdict verdict-").append(verdict.toLowerCase(Locale.ROOT)).append("\">\n")
                .append("<div class=\"verdict-word\">").append(report.passed() ? "\u2713 " : "\u2715 ").append(verdict)
                .append("</div>\n<div class=\"counts\">")
                .append("<span class=\"count count-passed\"><b>").append(passed).append("</b> passed</span>")
                .append("<span class=\"count count-failed\"><b>").append(failed).append("</b> failed</span>")
                .append("<span class=\"count count-skipped\"><b>").append(skipped).append("</b> skipped</span>")
                .append("</div>\n</div>\n");
        out.append("</header>\n");
        if (failed > 0) {
            out.append("<p class=\"notice notice-failed\">Failed: ");
            String sep = "";
            List<CheckResult> checks = report.checks();
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).status() == Status.FAILED) {
                    out.append(sep).append("<a href=\"#check-").append(i + 1).append("\">")
                            .append(Html.escape(checks.get(i).name())).append("</a>");
                    sep = ", ";
                }
            }
            out.append("</p>\n");
        }
        if (skipped > 0) {
            out.append("<p class=\"notice notice-skipped\">").append(skipped)
                    .append(skipped == 1 ? " check was" : " checks were")
                    .append(" skipped on this target: not verified, not counted as passed.</p>\n");
        }
        if (report.checks().isEmpty()) {
            out.append("<p class=\"notice notice-skipped\">No checks ran.</p>\n");
        }
    }

    private void meta(String name, String html) {
        out.append("<div><dt>").append(name).append("</dt><dd>").append(html).append("</dd></div>\n");
    }

    private void checks() {
        out.append("<section>\n<h2>Checks</h2>\n");
        if (report.checks().isEmpty()) {
            out.append("<p class=\"empty\">No checks ran.</p>\n</section>\n");
            return;
        }
        Map<String, Integer> chartOf = chartIndexByCheck();
        out.append("<div class=\"table-wrap\"><table class=\"checks\">\n")
                .append("<colgroup><col class=\"c-num\"><col class=\"c-name\"><col class=\"c-status\">")
                .append("<col class=\"c-time\"><col class=\"c-detail\"></colgroup>\n")
                .append("<thead><tr><th class=\"num\">#</th>")
                .append("<th>Check</th><th>Status</th><th class=\"num\">Time</th><th>Detail</th></tr></thead>\n<tbody>\n");
        List<CheckResult> checks = report.checks();
        for (int i = 0; i < checks.size(); i++) {
            CheckResult check = checks.get(i);
            String status = check.status().name().toLowerCase(Locale.ROOT);
            out.append("<tr id=\"check-").append(i + 1).append("\" class=\"row-").append(status).append("\">")
                    .append("<td class=\"num muted\">").append(i + 1).append("</td>")
                    .append("<td class=\"name\">").append(Html.escape(check.name()));
            Integer chart = chartOf.get(check.name());
            if (chart != null) {
                out.append(" <a class=\"chart-link\" href=\"#timeline-").append(chart).append("\">chart \u2193</a>");
            }
            out.append("</td><td>").append(badge(check.status())).append("</td>")
                    .append("<td class=\"num\">").append(Html.decimal(check.seconds(), 3)).append(" s</td>")
                    .append("<td class=\"detail\">");
            String detail = check.detail().isBlank() ? "<span class=\"muted\">\u2014</span>" : Html.escape(check.detail());
            if (check.evidence().isEmpty()) {
                out.append(detail);
            } else {
                int lines = check.evidence().size();
                out.append("<details").append(check.status() == Status.FAILED ? " open" : "").append("><summary>")
                        .append(detail).append(" <span class=\"more\">").append(lines)
                        .append(lines == 1 ? " line" : " lines").append(" of evidence</span></summary>")
                        .append("<pre class=\"evidence\">").append(Html.escape(String.join("\n", check.evidence())))
                        .append("</pre></details>");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    static String badge(Status status) {
        return switch (status) {
            case PASSED -> "<span class=\"badge badge-passed\">\u2713 PASSED</span>";
            case FAILED -> "<span class=\"badge badge-failed\">\u2715 FAILED</span>";
            case SKIPPED -> "<span class=\"badge badge-skipped\">\u2013 SKIPPED</span>";
        };
    }

    /** The first chart recorded by each check, so its table row can link to it. */
    private Map<String, Integer> chartIndexByCheck() {
        Map<String, Integer> index = new TreeMap<>();
        List<Timeline> timelines = report.timelines();
        for (int i = timelines.size() - 1; i >= 0; i--) {
            if (timelines.get(i).check() != null) {
                index.put(timelines.get(i).check(), i + 1);
            }
        }
        return index;
    }

    private void failover() {
        out.append("<section>\n<h2>Failover</h2>\n");
        if (report.timelines().isEmpty()) {
            out.append("<p class=\"empty\">No fault check recorded a load timeline in this run.</p>\n</section>\n");
            return;
        }
        int n = 0;
        for (Map.Entry<String, Timeline> e : Timelines.byUniqueName(report.timelines()).entrySet()) {
            n++;
            Timeline timeline = e.getValue();
            out.append("<figure class=\"card timeline\" id=\"timeline-").append(n).append("\">\n")
                    .append("<h3>").append(Html.escape(e.getKey())).append(" <span class=\"fault\">")
                    .append(Html.escape(timeline.fault())).append("</span></h3>\n")
                    .append(TimelineSvg.render(timeline, "timeline-" + n + "-title")).append('\n')
                    .append("<figcaption>").append(Html.escape(TimelineSvg.caption(timeline)))
                    .append(" <span class=\"muted\">(").append(Html.decimal(timeline.bucketSeconds(), 3))
                    .append(" s buckets)</span></figcaption>\n</figure>\n");
        }
        out.append("</section>\n");
    }

    private void figures() {
        out.append("<section>\n<h2>Figures</h2>\n");
        if (report.figures().isEmpty()) {
            out.append("<p class=\"empty\">No figures were measured in this run.</p>\n</section>\n");
            return;
        }
        out.append("<div class=\"table-wrap fit\"><table class=\"figures\">\n<thead><tr><th>Figure</th>")
                .append("<th class=\"num\">Value</th></tr></thead>\n<tbody>\n");
        new TreeMap<>(report.figures()).forEach((name, value) -> out.append("<tr><td><code>")
                .append(Html.escape(name)).append("</code></td><td class=\"num\">").append(figure(name, value))
                .append("</td></tr>\n"));
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static String figure(String name, double value) {
        String number = Html.decimal(value, 3);
        if (name.endsWith("_ms")) {
            return number + " ms";
        }
        if (name.endsWith("_s")) {
            return number + " s";
        }
        return number;
    }

    static final String CSS = """
            :root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--zebra:#f9fafb;--bg:#f3f4f6;--card:#fff;
            --pass:#166534;--pass-bg:#dcfce7;--pass-line:#86efac;
            --fail:#991b1b;--fail-bg:#fee2e2;--fail-line:#fca5a5;
            --skip:#374151;--skip-bg:#e5e7eb;--skip-line:#9ca3af;
            --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5;font-size:15px;
            font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
            header.top,main,footer,.notice{max-width:1180px;margin-left:auto;margin-right:auto}
            header.top{display:flex;flex-wrap:wrap;gap:24px;justify-content:space-between;align-items:center;
            padding:32px 32px 8px}
            .eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);font-weight:600}
            h1{font-size:30px;margin:2px 0 10px;line-height:1.2;word-break:break-word}
            h2{font-size:19px;margin:36px 0 12px}
            h3{font-size:16px;margin:0 0 10px}
            dl.meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0}
            dl.meta div{min-width:0}
            dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
            dd{margin:0;font-weight:500;word-break:break-all}
            code,pre{font-family:var(--mono);font-size:13px}
            .verdict{border-radius:14px;padding:14px 26px;text-align:center;border:2px solid}
            .verdict-word{font-size:40px;font-weight:800;letter-spacing:.03em;line-height:1.1}
            .verdict-passed{background:var(--pass-bg);color:var(--pass);border-color:var(--pass-line)}
            .verdict-failed{background:var(--fail-bg);color:var(--fail);border-color:var(--fail-line)}
            .counts{display:flex;gap:14px;justify-content:center;margin-top:6px;font-size:14px;color:var(--fg)}
            .count b{font-size:17px}
            .count-passed b{color:var(--pass)}.count-failed b{color:var(--fail)}.count-skipped b{color:var(--skip)}
            .notice{padding:0 32px;margin-top:10px;margin-bottom:0}
            .notice-failed{color:var(--fail);font-weight:500}
            .notice-failed a{color:inherit}
            .notice-skipped{color:var(--skip)}
            main{padding:0 32px 24px}
            .table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
            table{border-collapse:collapse;width:100%}
            th,td{padding:9px 14px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
            th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:#f9fafb}
            tbody tr:nth-child(even){background:var(--zebra)}
            tbody tr:last-child td{border-bottom:0}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.name{font-weight:600;overflow-wrap:anywhere}
            table.checks{table-layout:fixed;min-width:760px}
            table.checks col.c-num{width:52px}table.checks col.c-name{width:23%}
            table.checks col.c-status{width:124px}table.checks col.c-time{width:92px}
            td.detail{overflow-wrap:anywhere}
            tr.row-failed td:first-child{box-shadow:inset 4px 0 0 #dc2626}
            tr.row-skipped td:first-child{box-shadow:inset 4px 0 0 var(--skip-line)}
            tr.row-skipped td.detail{color:var(--skip)}
            .muted{color:var(--muted);font-weight:400}
            .badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;
            letter-spacing:.04em;white-space:nowrap;border:1px solid}
            .badge-passed{background:var(--pass-bg);color:var(--pass);border-color:var(--pass-line)}
            .badge-failed{background:#dc2626;color:#fff;border-color:#b91c1c}
            .badge-skipped{background:var(--skip-bg);color:var(--skip);border-color:var(--skip-line);border-style:dashed}
            .chart-link{font-size:12px;font-weight:400;margin-left:6px;color:#2563eb;text-decoration:none;white-space:nowrap}
            details summary{cursor:pointer}
            .more{color:var(--muted);font-size:12px;white-space:nowrap}
            pre.evidence{margin:8px 0 2px;padding:10px 12px;background:#111827;color:#e5e7eb;border-radius:8px;
            overflow:auto;max-height:28em;white-space:pre;line-height:1.45}
            .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 20px}
            figure{margin:0}
            .fault{font-family:var(--mono);font-weight:400;font-size:13px;color:#fff;background:#111827;
            padding:1px 8px;border-radius:6px;margin-left:6px}
            svg.chart{display:block;width:100%;height:auto;max-width:960px;font-family:inherit}
            figcaption{margin-top:8px;font-size:14px;font-weight:500}
            .table-wrap.fit{display:inline-block;max-width:100%}
            table.figures{width:auto;min-width:360px}
            .empty{color:var(--muted)}
            footer{padding:8px 32px 40px;color:var(--muted);font-size:13px}
            footer a{color:inherit}
            @media print{
            body{background:#fff;font-size:12px}
            header.top,main,.notice,footer{padding-left:0;padding-right:0;max-width:none}
            .card,.table-wrap{border-color:#d1d5db;break-inside:avoid}
            tr{break-inside:avoid}
            pre.evidence{background:#f3f4f6;color:#111827;max-height:none;overflow:visible;white-space:pre-wrap;
            word-break:break-all}
            details::details-content{content-visibility:visible;display:block}
            .chart-link,footer a{text-decoration:none}
            *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
            }
            """;
}
