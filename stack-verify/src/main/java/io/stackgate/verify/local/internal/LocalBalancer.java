package io.stackgate.verify.local.internal;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.ThanosFlags;
import io.stackgate.verify.api.HaproxyStats;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Node;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** HAProxy as the local target's load balancers, read through its stats page. */
public final class LocalBalancer implements Balancer {
    /** The backend of the Prometheus replicas in the rendered {@code haproxy.cfg}. */
    public static final String PROMETHEUS_BACKEND = "prometheus";
    /** The backend of the query tier (Grafana's datasource when there is one). */
    public static final String QUERY_BACKEND = "query";

    private final Topology topology;
    private final Deployment.Local layout;
    private final HaproxyStats stats;

    public LocalBalancer(Topology topology, Deployment.Local layout) {
        this.topology = topology;
        this.layout = layout;
        this.stats = HaproxyStats.at(URI.create("http://" + layout.lbStats()));
    }

    @Override
    public URI datasource() {
        return URI.create(layout.datasourceUrl());
    }

    /**
     * Whether HAProxy sends {@code node} traffic now.
     *
     * @throws IllegalStateException when the stats page does not answer: unknown is not "out of service"
     */
    @Override
    public boolean inService(Node node) {
        String backend = switch (node.tier()) {
            case PROMETHEUS -> PROMETHEUS_BACKEND;
            case QUERY -> QUERY_BACKEND;
            default -> throw new IllegalArgumentException("only Prometheus replicas and query nodes sit behind the "
                    + "internal balancer: " + node.id());
        };
        Map<String, String> servers = stats.servers(backend)
                .orElseThrow(() -> new IllegalStateException("HAProxy's stats page " + stats + " did not answer"));
        return servers.getOrDefault(backend + "-" + (node.index() + 1), "missing").startsWith("UP");
    }

    @Override
    public Duration checkWindow() {
        Deployment.Balancer b = layout.balancer();
        return Duration.ofMillis((long) b.intervalMillis() * b.unhealthyThreshold());
    }

    @Override
    public double realClockFactor() {
        return 1 / layout.balancer().clockScale();
    }

    /**
     * With a query tier: query gives up on a silent store after {@code --store.response-timeout} and
     * answers without it; without one, the balancer waits for its health checks (check timeout). Plus
     * one second for the answer itself on a busy machine.
     */
    @Override
    public Duration hungRequestBudget() {
        Duration wait = layout.hasQueryTier() ? ThanosFlags.of(topology, layout).storeResponseTimeout()
                : Duration.ofMillis(layout.balancer().checkTimeoutMillis());
        return wait.plusSeconds(1);
    }
}
