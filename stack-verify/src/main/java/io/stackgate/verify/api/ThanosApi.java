package io.stackgate.verify.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackgate.verify.target.Node;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of what a Thanos query node says beyond the Prometheus API ({@link PrometheusApi} reads its
 * queries): the stores it fans out to and their health.
 */
public final class ThanosApi {
    private final URI base;

    private ThanosApi(URI base) {
        this.base = base;
    }

    public static ThanosApi of(Node node) {
        return new ThanosApi(node.url());
    }

    public static ThanosApi at(URI base) {
        return new ThanosApi(base);
    }

    /**
     * One store endpoint as a query node sees it.
     *
     * @param type the store's kind ({@code sidecar}, {@code store}, ...)
     * @param name its gRPC address
     * @param lastCheck when query last checked it ({@link Instant#EPOCH} when unreadable)
     * @param lastError the error of that check, empty when it was healthy
     * @param labelSets the external label sets it announced
     */
    public record Store(String type, String name, Instant lastCheck, String lastError, List<Map<String, String>> labelSets) {
        public boolean healthy() {
            return lastError.isEmpty();
        }

        /** Whether one of its label sets has {@code label=value}. */
        public boolean announces(String label, String value) {
            return labelSets.stream().anyMatch(s -> value.equals(s.get(label)));
        }
    }

    /** The stores of {@code /api/v1/stores}; empty when the answer was not usable. */
    public List<Store> stores() {
        List<Store> out = new ArrayList<>();
        Http.get(URI.create(base.toString().replaceAll("/$", "") + "/api/v1/stores")).json().ifPresent(j ->
                j.path("data").fields().forEachRemaining(type -> {
                    for (JsonNode s : type.getValue()) {
                        List<Map<String, String>> sets = new ArrayList<>();
                        for (JsonNode set : s.path("labelSets")) {
                            Map<String, String> labels = new LinkedHashMap<>();
                            set.fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
                            sets.add(labels);
                        }
                        out.add(new Store(type.getKey(), s.path("name").asText(), instant(s.path("lastCheck").asText()),
                                s.path("lastError").isNull() ? "" : s.path("lastError").asText(), List.copyOf(sets)));
                    }
                }));
        return out;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
