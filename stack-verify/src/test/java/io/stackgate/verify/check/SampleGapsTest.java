package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gap arithmetic the history checks rest on: window edges count, ended series are told apart. */
class SampleGapsTest {
    static final Instant END = Instant.ofEpochSecond(1_000);
    static final Duration WINDOW = Duration.ofSeconds(8);

    @Test
    void aSeriesThatStartsLateHasItsLeadingGapCounted() {
        // samples every second, but only from 4.7 s into the window: a replica that discovered the target late
        List<Double> late = List.of(996.7, 997.7, 998.7, 999.7);
        assertThat(SampleGaps.widest(Map.of("up", late), END, WINDOW)).isCloseTo(4.7, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCompleteSeriesHasGapsOfOneInterval() {
        List<Double> full = List.of(992.5, 993.5, 994.5, 995.5, 996.5, 997.5, 998.5, 999.5);
        assertThat(SampleGaps.widest(Map.of("up", full), END, WINDOW)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void liveKeepsTheSeriesStillScrapedAndDropsTheOnesThatEnded() {
        Map<String, List<Double>> series = Map.of(
                "kept", List.of(995.0, 996.0, 999.2),
                "ended", List.of(993.0, 994.0, 995.0),
                "empty", List.of());
        assertThat(SampleGaps.live(series, END, 1.5)).containsOnlyKeys("kept");
        assertThat(SampleGaps.live(series, END, 5.0)).containsOnlyKeys("kept", "ended");
    }
}
