package io.stackgate.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.verify.result.Timeline;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineSvgTest {
    private static List<String> tickLabels(String svg, String suffix) {
        Matcher m = Pattern.compile("text-anchor=\"middle\" fill=\"#374151\">([^<]*)" + suffix + "</text>").matcher(svg);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void faultLineSitsAtTheXOfFaultAtSeconds() {
        // 20 one-second buckets: the x axis runs 0..20 s over the plot's 832 px starting at x = 64
        String svg = TimelineSvg.render(SampleReports.timeline(5.0, SampleReports.steady(20, 100)), "t");

        assertThat(svg).contains("<line class=\"fault-line\" x1=\"272\" y1=\"24\" x2=\"272\" y2=\"272\"");
        assertThat(svg).contains("class=\"fault-label\" x=\"277\"").contains(">kill -9 prometheus-1 @ 5 s</text>");
    }

    @Test
    void markersForEjectionAndRecoveryOnlyWhenKnown() {
        Timeline known = new Timeline("f", "kill -9 prometheus-1", 1.0, 5.0, 7.5, 15.0, SampleReports.steady(20, 100));
        String svg = TimelineSvg.render(known, "t");
        // 7.5 s → 64 + 7.5 / 20 × 832 = 376; 15 s → 688
        assertThat(svg).contains("<line class=\"ejected-line\" x1=\"376\"").contains(">ejected @ 7.5 s</text>");
        assertThat(svg).contains("<line class=\"recovered-line\" x1=\"688\"").contains(">serving again @ 15 s</text>");
        assertThat(svg).contains("class=\"detection-window\" x=\"272\" y=\"62\" width=\"104\"");

        String unknown = TimelineSvg.render(SampleReports.timeline(5.0, SampleReports.steady(20, 100)), "t");
        assertThat(unknown).doesNotContain("ejected-line").doesNotContain("recovered-line")
                .doesNotContain("detection-window");
    }

    @Test
    void emptySamplesStillDrawAxesTheFaultAndANote() {
        String svg = TimelineSvg.render(SampleReports.timeline(3.0, List.of()), "t");

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains("no samples recorded").contains("fault-line").doesNotContain("requests-area");
        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void allZeroSamplesGiveAFiniteAxisAndANote() {
        String svg = TimelineSvg.render(SampleReports.timeline(2.0, SampleReports.steady(10, 0)), "t");

        assertThat(svg).contains("no requests recorded").contains("requests-area");
        assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void oneSampleIsDrawnAsOneStep() {
        Timeline one = SampleReports.timeline(0.5, List.of(new Timeline.Sample(0, 40, 2)));
        String svg = TimelineSvg.render(one, "t");

        assertThat(svg).contains("requests-area").contains("class=\"failure-bar\"").doesNotContain("NaN");
        assertThat(Pattern.compile("class=\"failure-bar\"").matcher(svg).results().count()).isEqualTo(1);
    }

    @Test
    void hugeRatesGetOneTwoFiveTicksInCompactUnits() {
        Timeline huge = new Timeline("f", "kill", 1.0, 1.0, null, null,
                List.of(new Timeline.Sample(0, 1_900_000_000, 0), new Timeline.Sample(1, 2_000_000_000, 0)));
        String svg = TimelineSvg.render(huge, "t");

        assertThat(svg).contains(">500M</text>").contains(">1G</text>").contains(">1.5G</text>").contains(">2G</text>");
    }

    @Test
    void niceStepsFollowTheOneTwoFiveSeries() {
        assertThat(Scale.niceStep(0.23)).isEqualTo(0.5);
        assertThat(Scale.niceStep(1.0)).isEqualTo(1.0);
        assertThat(Scale.niceStep(1.5)).isEqualTo(2.0);
        assertThat(Scale.niceStep(2.5)).isEqualTo(5.0);
        assertThat(Scale.niceStep(7)).isEqualTo(10.0);
        assertThat(Scale.niceStep(3_700_000)).isEqualTo(5_000_000.0);

        Scale scale = Scale.nice(0, 3512, 5);
        assertThat(scale.step()).isEqualTo(1000.0);
        assertThat(scale.hi()).isEqualTo(4000.0);
        assertThat(scale.ticks()).containsExactly(0.0, 1000.0, 2000.0, 3000.0, 4000.0);
    }

    @Test
    void xAxisHasLabelledTicksInSeconds() {
        String svg = TimelineSvg.render(SampleReports.killTimeline(), "t");

        assertThat(tickLabels(svg, " s")).containsExactly("0", "5", "10", "15", "20", "25", "30");
    }

    @Test
    void failuresGetTheirOwnRedAxisOnlyWhenSomethingFailed() {
        String failing = TimelineSvg.render(SampleReports.killTimeline(), "t");
        String clean = TimelineSvg.render(SampleReports.timeline(5.0, SampleReports.steady(20, 100)), "t");

        assertThat(failing).contains(">failed/s</text>").contains("failed/s (right axis)");
        assertThat(Pattern.compile("class=\"failure-bar\"").matcher(failing).results().count()).isEqualTo(2);
        assertThat(clean).doesNotContain(">failed/s</text>").contains("failed/s (none failed)");
    }

    @Test
    void captionSaysTotalsAndHowLongEjectionAndRecoveryTook() {
        assertThat(TimelineSvg.caption(SampleReports.killTimeline()))
                .matches("[0-9,]+ requests, 10 failed \\(0\\.0[0-9]+%\\); ejected 2\\.4 s after the fault; back after 11\\.8 s");
        assertThat(TimelineSvg.caption(SampleReports.hangTimeline()))
                .endsWith("; ejected 3.2 s after the fault; not serving again by the end of the run");
        assertThat(TimelineSvg.caption(SampleReports.timeline(1, List.of())))
                .isEqualTo("0 requests, 0 failed; no ejection recorded; not serving again by the end of the run");
    }
}
