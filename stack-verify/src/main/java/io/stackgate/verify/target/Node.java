package io.stackgate.verify.target;

import java.net.URI;
import java.util.Objects;

/**
 * One node of an environment: its tier, a stable id ({@code prometheus-1}), its position in the tier
 * and the base URL of its HTTP API.
 */
public record Node(Tier tier, String id, int index, URI url) {
    public Node {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }

    /** {@code url} + {@code path}, e.g. {@code node.resolve("/-/ready")}. */
    public URI resolve(String path) {
        return URI.create(url.toString().replaceAll("/$", "") + path);
    }

    /** host:port, as Prometheus labels the instance. */
    public String hostPort() {
        return url.getHost() + ":" + url.getPort();
    }

    @Override
    public String toString() {
        return id + " (" + url + ")";
    }
}
