package io.stackgate.aws.stack;

import io.stackgate.model.Topology;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The node tiers of a stack, as terraform/main.tf's {@code local.tiers} lists them: one launch
 * template and one Auto Scaling group each ({@link #QUERY} only with a query tier, see {@link #of}).
 * A tier behind a load balancer has a target group whose health check asks {@link #healthPath()} on
 * {@link #port()}.
 */
public enum Tier {
    PROMETHEUS("prometheus", 9090, "/-/ready"),
    ALERTMANAGER("alertmanager", 9093, null),
    GRAFANA("grafana", 3000, "/api/health"),
    /** {@code thanos query} (query.layer: thanos): its HTTP API behind the internal balancer's host rule. */
    QUERY("query", 10902, "/-/ready");

    /**
     * The query tier's instance type: the topology has no key for it, so the deployer uses the example
     * value of terraform/variables.tf's {@code query.instance_type}.
     */
    public static final String QUERY_INSTANCE_TYPE = "t3.small";

    private final String id;
    private final int port;
    private final String healthPath;

    Tier(String id, int port, String healthPath) {
        this.id = id;
        this.port = port;
        this.healthPath = healthPath;
    }

    /** The tier's name in tags ({@code Tier=<id>}) and resource names. */
    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public Optional<String> healthPath() {
        return Optional.ofNullable(healthPath);
    }

    public int replicas(Topology t) {
        return switch (this) {
            case PROMETHEUS -> t.prometheus().replicas();
            case ALERTMANAGER -> t.alertmanager().replicas();
            case GRAFANA -> t.grafana().replicas();
            case QUERY -> t.query().enabled() ? t.query().replicas() : 0;
        };
    }

    public String instanceType(Topology t) {
        return switch (this) {
            case PROMETHEUS -> t.prometheus().instanceType();
            case ALERTMANAGER -> t.alertmanager().instanceType();
            case GRAFANA -> t.grafana().instanceType();
            case QUERY -> QUERY_INSTANCE_TYPE;
        };
    }

    /** Whether the topology puts this tier behind a load balancer (and so gives it a target group). */
    public boolean loadBalanced(Topology t) {
        return switch (this) {
            case PROMETHEUS -> t.loadBalancers().internalEnabled();
            case ALERTMANAGER -> false;
            case GRAFANA -> t.loadBalancers().publicLb().enabled();
            case QUERY -> t.query().enabled() && t.loadBalancers().internalEnabled();
        };
    }

    /** Every tier terraform/ knows, in {@code local.tiers} order (with the query tier). */
    public static List<Tier> all() {
        return Arrays.asList(values());
    }

    /** The tiers {@code t} deploys: the three node tiers, and {@link #QUERY} when its query tier is on. */
    public static List<Tier> of(Topology t) {
        return Arrays.stream(values()).filter(x -> x != QUERY || t.query().enabled()).toList();
    }

    /** The tier whose {@link #id()} is {@code id}, if any. */
    public static Optional<Tier> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
