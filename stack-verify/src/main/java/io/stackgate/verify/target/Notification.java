package io.stackgate.verify.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One webhook notification as Alertmanager sent it: which receiver, when, the group, its status and
 * the alerts it carries (labels and status of each).
 */
public record Notification(String receiver, Instant receivedAt, String groupKey, String status,
        Map<String, String> groupLabels, List<Alert> alerts) {
    public Notification {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
    }

    /** One alert in a notification. */
    public record Alert(String status, Map<String, String> labels) {
        public Alert {
            labels = Map.copyOf(labels);
        }
    }

    public static Notification parse(String receiver, Instant at, JsonNode body) {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : body.path("alerts")) {
            alerts.add(new Alert(a.path("status").asText(), labels(a.path("labels"))));
        }
        return new Notification(receiver, at, body.path("groupKey").asText(), body.path("status").asText(),
                labels(body.path("groupLabels")), alerts);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** True when this notification reports an alert with all of {@code labels} as firing. */
    public boolean fires(Map<String, String> labels) {
        return alerts.stream().anyMatch(a -> "firing".equals(a.status())
                && a.labels().entrySet().containsAll(labels.entrySet()));
    }
}
