package io.stackgate.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Timeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static String html(Report report) {
        return new String(HtmlReport.render(report), StandardCharsets.UTF_8);
    }

    private static long occurrences(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    /** The declarations of one CSS rule, e.g. {@code .badge-passed{…}}. */
    private static String cssRule(String selector) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(selector) + "\\{([^}]*)}").matcher(HtmlReport.CSS);
        assertThat(m.find()).as("CSS rule %s", selector).isTrue();
        return m.group(1);
    }

    @Test
    void drawsOneSvgPerTimeline() {
        assertThat(occurrences(html(SampleReports.mixed()), "<svg")).isEqualTo(2);
        assertThat(occurrences(html(SampleReports.withChecks(List.of(), List.of())), "<svg")).isZero();
    }

    @Test
    void faultMarkerIsAtTheComputedXInThePage() {
        Report report = SampleReports.withChecks(List.of(),
                List.of(SampleReports.timeline(5.0, SampleReports.steady(20, 100))));
        // 64 + 5 / 20 × 832
        assertThat(html(report)).contains("class=\"fault-line\" x1=\"272\"").contains("x2=\"272\"");
    }

    @Test
    void escapesDetailsAndEvidenceFromTheReport() {
        String html = html(SampleReports.mixed());

        assertThat(html).contains("saw 3 &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("\n&lt;script&gt;alert(1)&lt;/script&gt;\n");
        assertThat(html).contains("err=&quot;&lt;html&gt; &amp; &#39;quotes&#39;&quot;");
        assertThat(html).doesNotContain("alert(1)</script>");
        // the only script is the page's own print helper
        assertThat(occurrences(html, "<script")).isEqualTo(1);
    }

    @Test
    void escapesTopologyAndTimelineStrings() {
        Timeline evil = new Timeline("<i>c</i>", "kill \"<b>\"", 1.0, 1.0, null, null, SampleReports.steady(3, 1));
        Report report = new Report("<h1>x</h1>", "a&b", "<t>", "<now>", 1.0, List.of(), List.of(evil),
                java.util.Map.of("<f>", 1.0));
        String html = html(report);

        assertThat(html).contains("&lt;h1&gt;x&lt;/h1&gt;").contains("a&amp;b").contains("&lt;t&gt;")
                .contains("&lt;now&gt;").contains("&lt;i&gt;c&lt;/i&gt;").contains("kill &quot;&lt;b&gt;&quot;")
                .contains("&lt;f&gt;");
        assertThat(html).doesNotContain("<h1>x").doesNotContain("<i>c").doesNotContain("<b>\"").doesNotContain("<f>");
    }

    @Test
    void verdictIsFailedWhenAnyCheckFailed() {
        String html = html(SampleReports.mixed());

        assertThat(html).contains("<div class=\"verdict verdict-failed\">").contains("\u2715 FAILED</div>")
                .doesNotContain("verdict-passed\">");
        assertThat(html).contains("<title>FAILED \u00b7 obs");
        assertThat(html).contains("Failed: <a href=\"#check-3\">alerts-delivered-once</a>, "
                + "<a href=\"#check-6\">hang-prometheus</a>");
    }

    @Test
    void verdictIsPassedWhenNothingFailedEvenWithSkips() {
        String html = html(SampleReports.withChecks(List.of(SampleReports.check("a", Status.PASSED),
                SampleReports.check("b", Status.SKIPPED)), List.of()));

        assertThat(html).contains("<div class=\"verdict verdict-passed\">").contains("\u2713 PASSED</div>")
                .doesNotContain("verdict-failed\">");
        assertThat(html).contains("<b>1</b> passed").contains("<b>0</b> failed").contains("<b>1</b> skipped");
        assertThat(html).contains("1 check was skipped on this target: not verified, not counted as passed.");
    }

    @Test
    void skippedBadgeIsNotStyledLikePassed() {
        String html = html(SampleReports.withChecks(List.of(SampleReports.check("a", Status.PASSED),
                SampleReports.check("b", Status.SKIPPED)), List.of()));

        assertThat(html).contains("<tr id=\"check-2\" class=\"row-skipped\">")
                .containsPattern("id=\"check-2\"[^\\n]*<span class=\"badge badge-skipped\">\u2013 SKIPPED</span>");
        assertThat(occurrences(html, "badge-passed\">")).isEqualTo(1);

        String passed = cssRule(".badge-passed");
        String skipped = cssRule(".badge-skipped");
        assertThat(passed).contains("--pass");
        assertThat(skipped).doesNotContain("--pass").doesNotContain("#16").doesNotContain("green")
                .contains("--skip-bg").contains("dashed");
    }

    @Test
    void evidenceIsExpandableAndOpenForFailures() {
        String html = html(SampleReports.mixed());

        assertThat(html).contains("<details><summary>3 replicas serve the same config (replica label masked)"
                + " <span class=\"more\">3 lines of evidence</span></summary><pre class=\"evidence\">prometheus-1");
        assertThat(html).contains("<details open><summary>expected 1 Watchdog notification");
        assertThat(html).contains("<td class=\"detail\">global layer sees 3 up{job=&quot;node&quot;}</td>");
    }

    @Test
    void checksWithATimelineLinkToTheirChart() {
        String html = html(SampleReports.mixed());

        assertThat(html).contains("failover-prometheus <a class=\"chart-link\" href=\"#timeline-1\">")
                .contains("<figure class=\"card timeline\" id=\"timeline-1\">")
                .contains("hang-prometheus <a class=\"chart-link\" href=\"#timeline-2\">");
    }

    @Test
    void figuresAreATableSortedByNameWithUnits() {
        String html = html(SampleReports.mixed());

        int eject = html.indexOf("<code>failover_eject_s</code>");
        int rejoin = html.indexOf("<code>rejoin_s</code>");
        int throughput = html.indexOf("<code>throughput_rps</code>");
        int ready = html.indexOf("<code>time_to_ready_s</code>");
        assertThat(eject).isPositive().isLessThan(rejoin);
        assertThat(rejoin).isLessThan(throughput);
        assertThat(throughput).isLessThan(ready);
        assertThat(html).contains("<code>time_to_ready_s</code></td><td class=\"num\">0.71 s</td>")
                .contains("<code>throughput_rps</code></td><td class=\"num\">3512.4</td>");
    }

    @Test
    void isSelfContained() {
        String html = html(SampleReports.mixed());

        assertThat(html).doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)src=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void emptyReportStillRendersEverySection() {
        String html = html(new Report("obs", "builder", "local", "t", 0, List.<CheckResult>of(), List.of(),
                java.util.Map.of()));

        assertThat(html).contains("No checks ran.").contains("No fault check recorded a load timeline")
                .contains("No figures were measured").endsWith("</html>\n");
    }
}
