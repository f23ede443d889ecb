package io.stackgate.verify.check;

import io.stackgate.verify.result.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where checks put what they measured: named figures and load timelines for the report. */
public final class CheckContext {
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<Timeline> timelines = new ArrayList<>();

    public synchronized void figure(String name, double value) {
        figures.put(name, value);
    }

    public synchronized void timeline(Timeline t) {
        timelines.add(t);
    }

    public synchronized Map<String, Double> figures() {
        return Map.copyOf(figures);
    }

    public synchronized List<Timeline> timelines() {
        return List.copyOf(timelines);
    }
}
