package io.stackgate.verify.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stackgate.verify.target.Node;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * A client of the Prometheus HTTP API at one base URL: a replica, the balancer in front of them, or
 * anything that answers the same API (a Thanos query tier). Reads come back as values (empty when
 * the answer was not usable) because checks poll and report what they last saw.
 */
public final class PrometheusApi {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final URI base;

    private PrometheusApi(URI base) {
        this.base = base;
    }

    public static PrometheusApi at(URI base) {
        return new PrometheusApi(base);
    }

    public static PrometheusApi of(Node node) {
        return new PrometheusApi(node.url());
    }

    public URI base() {
        return base;
    }

    /** {@code base + path}. */
    public URI resolve(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    /** The answer of {@code /-/ready}. */
    public Http.Response ready() {
        return Http.get(resolve("/-/ready"));
    }

    /** Asks the node to reload its configuration ({@code --web.enable-lifecycle}); returns the answer. */
    public Http.Response reload() {
        return Http.post(resolve("/-/reload"), "");
    }

    /** The raw answer of an instant query. */
    public Http.Response query(String promql) {
        return Http.get(resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    }

    /** An instant query's result vector (empty when the answer was not a result). */
    public List<JsonNode> vector(String promql) {
        List<JsonNode> out = new ArrayList<>();
        query(promql).json().ifPresent(j -> j.path("data").path("result").forEach(out::add));
        return out;
    }

    /** The value of a query's first sample as text, or empty. */
    public String firstValue(String promql) {
        List<JsonNode> v = vector(promql);
        return v.isEmpty() ? "" : v.get(0).path("value").path(1).asText();
    }

    /**
     * The raw samples of {@code selector} over the {@code window} before {@code at} (a range-vector
     * instant query), per series: the series' labels without {@code dropLabel} (e.g. the replica label)
     * → sample timestamps in seconds, ascending. Empty when the answer was not a matrix.
     */
    public Optional<java.util.SortedMap<String, List<Double>>> rawSamples(String selector, java.time.Duration window,
            Instant at, String dropLabel) {
        String promql = selector + "[" + window.toMillis() + "ms]";
        Http.Response r = Http.get(resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + at.toEpochMilli() / 1000.0));
        Optional<JsonNode> json = r.json().filter(j -> "success".equals(j.path("status").asText())
                && "matrix".equals(j.path("data").path("resultType").asText()));
        return json.map(j -> {
            java.util.SortedMap<String, List<Double>> out = new java.util.TreeMap<>();
            for (JsonNode series : j.path("data").path("result")) {
                java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
                series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                labels.remove(dropLabel);
                List<Double> ts = out.computeIfAbsent(labels.toString(), k -> new ArrayList<>());
                series.path("values").forEach(v -> ts.add(v.path(0).asDouble()));
                ts.sort(Double::compare);
            }
            return out;
        });
    }

    /** The configuration the node has loaded, as YAML text. */
    public Optional<String> loadedConfig() {
        Http.Response r = Http.get(resolve("/api/v1/status/config"));
        return r.json().map(j -> j.path("data").path("yaml").asText()).filter(s -> !s.isEmpty());
    }

    /** The loaded configuration with the replica label's value masked, for comparing replicas. */
    public Optional<String> maskedConfig(String replicaLabel) {
        return loadedConfig().map(yaml -> {
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

    /** The value of one external label in the loaded configuration. */
    public Optional<String> externalLabel(String label) {
        return loadedConfig().flatMap(yaml -> {
            try {
                JsonNode v = YAML.readTree(yaml).path("global").path("external_labels").path(label);
                return v.isMissingNode() ? Optional.empty() : Optional.of(v.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** A metric's value from the node's own {@code /metrics} (the first sample of that name). */
    public OptionalDouble metric(String name) {
        return Metrics.first(Http.get(resolve("/metrics")), name);
    }

    /** One active target as a Prometheus node sees it. */
    public record Target(String job, String instance, String health, String lastError, Instant lastScrape) {
        public String key() {
            return job + "/" + instance;
        }
    }

    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        Http.get(resolve("/api/v1/targets?state=active")).json().ifPresent(j -> {
            for (JsonNode t : j.path("data").path("activeTargets")) {
                Instant last;
                try {
                    last = OffsetDateTime.parse(t.path("lastScrape").asText()).toInstant();
                } catch (DateTimeParseException e) {
                    last = Instant.EPOCH;
                }
                out.add(new Target(t.path("labels").path("job").asText(), t.path("labels").path("instance").asText(),
                        t.path("health").asText(), t.path("lastError").asText(), last));
            }
        });
        return out;
    }

    public static TreeSet<String> targetKeys(List<Target> targets) {
        TreeSet<String> s = new TreeSet<>();
        targets.forEach(t -> s.add(t.key()));
        return s;
    }

    /** Alerts the node evaluates, with their state (pending / firing). */
    public List<JsonNode> ruleAlerts() {
        List<JsonNode> out = new ArrayList<>();
        Http.get(resolve("/api/v1/alerts")).json().ifPresent(j -> j.path("data").path("alerts").forEach(out::add));
        return out;
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
