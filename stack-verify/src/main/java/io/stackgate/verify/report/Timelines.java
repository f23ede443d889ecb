package io.stackgate.verify.report;

import io.stackgate.verify.result.Timeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared by the JSON and the HTML so both name a timeline the same way. */
final class Timelines {
    private Timelines() {
    }

    /**
     * Timelines keyed by their check's name, in report order. A check that recorded more than one
     * timeline gets {@code name#2}, {@code name#3}, … so none is silently dropped from the map.
     */
    static Map<String, Timeline> byUniqueName(List<Timeline> timelines) {
        Map<String, Timeline> named = new LinkedHashMap<>();
        for (Timeline timeline : timelines) {
            String base = timeline.check() == null ? "timeline" : timeline.check();
            String name = base;
            for (int n = 2; named.containsKey(name); n++) {
                name = base + "#" + n;
            }
            named.put(name, timeline);
        }
        return named;
    }
}
