package io.stackgate.verify.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackgate.verify.target.Node;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** A client of one Alertmanager's HTTP API (v2). */
public final class AlertmanagerApi {
    private final URI base;

    private AlertmanagerApi(URI base) {
        this.base = base;
    }

    public static AlertmanagerApi of(Node node) {
        return new AlertmanagerApi(node.url());
    }

    public static AlertmanagerApi at(URI base) {
        return new AlertmanagerApi(base);
    }

    private URI resolve(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    public Http.Response ready() {
        return Http.get(resolve("/-/ready"));
    }

    /** "status/peers" of the gossip cluster, e.g. {@code ready/3}, or what was answered instead. */
    public String clusterStatus() {
        Http.Response r = Http.get(resolve("/api/v2/status"));
        return r.json().map(j -> j.path("cluster").path("status").asText() + "/" + j.path("cluster").path("peers").size())
                .orElse(r.toString());
    }

    /** The alerts this Alertmanager holds. */
    public List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        Http.get(resolve("/api/v2/alerts")).json().ifPresent(j -> j.forEach(out::add));
        return out;
    }

    /** A metric's value from its own {@code /metrics}. */
    public OptionalDouble metric(String name) {
        return Metrics.first(Http.get(resolve("/metrics")), name);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
