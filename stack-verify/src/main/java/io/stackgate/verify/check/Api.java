package io.stackgate.verify.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/** Reads of the Prometheus and Alertmanager HTTP APIs that several checks share. */
final class Api {
    private static final YAMLMapper YAML = new YAMLMapper();

    private Api() {
    }

    /** The configuration a Prometheus node has loaded, as YAML text. */
    static Optional<String> loadedConfig(Node n) {
        Http.Response r = Http.get(n.resolve("/api/v1/status/config"));
        return r.json().map(j -> j.path("data").path("yaml").asText()).filter(s -> !s.isEmpty());
    }

    /** The loaded configuration with the replica label's value masked, for comparing replicas. */
    static Optional<String> maskedConfig(Node n, String replicaLabel) {
        return loadedConfig(n).map(yaml -> {
            try {
                JsonNode root = YAML.readTree(yaml);
                JsonNode labels = root.path("global").path("external_labels");
                if (labels instanceof ObjectNode o && o.has(replicaLabel)) {
                    o.put(replicaLabel, "<masked>");
                }
                return YAML.writeValueAsString(root);
            } catch (IOException e) {
                return yaml;
            }
        });
    }

    /** The value of one external label in a Prometheus node's loaded configuration. */
    static Optional<String> externalLabel(Node n, String label) {
        return loadedConfig(n).flatMap(yaml -> {
            try {
                JsonNode v = YAML.readTree(yaml).path("global").path("external_labels").path(label);
                return v.isMissingNode() ? Optional.empty() : Optional.of(v.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** A metric's value from the node's own {@code /metrics} (the first sample of that name). */
    static OptionalDouble metric(Node n, String name) {
        Http.Response r = Http.get(n.resolve("/metrics"));
        if (!r.ok()) {
            return OptionalDouble.empty();
        }
        for (String line : r.body().lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String[] parts = line.trim().split("\\s+");
                try {
                    return OptionalDouble.of(Double.parseDouble(parts[parts.length - 1]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** One active target as a Prometheus node sees it. */
    record Target(String job, String instance, String health, String lastError, java.time.Instant lastScrape) {
        String key() {
            return job + "/" + instance;
        }
    }

    static List<Target> targets(Node n) {
        List<Target> out = new ArrayList<>();
        Http.get(n.resolve("/api/v1/targets?state=active")).json().ifPresent(j -> {
            for (JsonNode t : j.path("data").path("activeTargets")) {
                java.time.Instant last;
                try {
                    last = java.time.OffsetDateTime.parse(t.path("lastScrape").asText()).toInstant();
                } catch (java.time.format.DateTimeParseException e) {
                    last = java.time.Instant.EPOCH;
                }
                out.add(new Target(t.path("labels").path("job").asText(), t.path("labels").path("instance").asText(),
                        t.path("health").asText(), t.path("lastError").asText(), last));
            }
        });
        return out;
    }

    static TreeSet<String> targetKeys(List<Target> targets) {
        TreeSet<String> s = new TreeSet<>();
        targets.forEach(t -> s.add(t.key()));
        return s;
    }

    /** Alerts a Prometheus node evaluates, with their state (pending / firing). */
    static List<JsonNode> ruleAlerts(Node n) {
        List<JsonNode> out = new ArrayList<>();
        Http.get(n.resolve("/api/v1/alerts")).json().ifPresent(j -> j.path("data").path("alerts").forEach(out::add));
        return out;
    }

    /** Alerts an Alertmanager holds. */
    static List<JsonNode> alertmanagerAlerts(Node n) {
        List<JsonNode> out = new ArrayList<>();
        Http.get(n.resolve("/api/v2/alerts")).json().ifPresent(j -> j.forEach(out::add));
        return out;
    }

    /** Runs a query against a Prometheus base and returns its result vector. */
    static List<JsonNode> vector(java.net.URI base, String promql) {
        List<JsonNode> out = new ArrayList<>();
        Http.query(base, promql).json().ifPresent(j -> j.path("data").path("result").forEach(out::add));
        return out;
    }
}
