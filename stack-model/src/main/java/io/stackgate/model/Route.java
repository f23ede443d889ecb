package io.stackgate.model;

import java.time.Duration;
import java.util.List;

/** Alertmanager's top-level route timing and grouping. */
public record Route(List<String> groupBy, PromDuration groupWait, PromDuration groupInterval,
        PromDuration repeatInterval) {
    public Route {
        groupBy = Checks.list("groupBy", groupBy);
        for (int i = 0; i < groupBy.size(); i++) {
            if (!groupBy.get(i).matches("[a-zA-Z_][a-zA-Z0-9_]*|\\.\\.\\.")) {
                throw new TopologyException("groupBy[" + i + "]", "must be a label name, got \"" + groupBy.get(i) + "\"");
            }
        }
        Checks.required("groupWait", groupWait).within("groupWait", Duration.ZERO, Duration.ofHours(1));
        Checks.required("groupInterval", groupInterval).within("groupInterval", Duration.ofSeconds(1), Duration.ofDays(1));
        Checks.required("repeatInterval", repeatInterval).within("repeatInterval", Duration.ofMinutes(1), Duration.ofDays(30));
    }

    public static Route defaults() {
        return new Route(List.of("alertname", "job"), PromDuration.parse("30s"), PromDuration.parse("5m"),
                PromDuration.parse("4h"));
    }
}
