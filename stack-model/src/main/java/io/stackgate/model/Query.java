package io.stackgate.model;

/**
 * The query tier Grafana reads through ({@code query: {layer, replicas}}). With {@link QueryLayer#THANOS}
 * every Prometheus replica runs a Thanos sidecar and {@code replicas} instances of {@code thanos query}
 * answer behind the internal balancer, deduplicating by the replica label; with {@link QueryLayer#NONE}
 * there is no such tier and {@code replicas} is not used.
 *
 * @param replicas {@link Limits#QUERY_REPLICAS}; checked for both layers so a file keeps meaning the same
 *                 when its layer is switched
 */
public record Query(QueryLayer layer, int replicas) {
    public static final int DEFAULT_REPLICAS = 2;
    /**
     * The query tier's instance type on AWS (Terraform's {@code query.instance_type}): query nodes hold
     * no data, they fan out and merge, so a small instance serves.
     */
    public static final String INSTANCE_TYPE = "t3.small";

    public Query {
        Checks.required("layer", layer);
        Limits.QUERY_REPLICAS.check("replicas", replicas);
    }

    /** What an absent {@code query} key means: the HA design, {@code {layer: thanos, replicas: 2}}. */
    public static Query defaults() {
        return new Query(QueryLayer.THANOS, DEFAULT_REPLICAS);
    }

    /** {@code {layer: thanos, replicas: n}}. */
    public static Query thanos(int replicas) {
        return new Query(QueryLayer.THANOS, replicas);
    }

    /** {@code {layer: none}}: Grafana reads the replicas through the internal balancer. */
    public static Query none() {
        return new Query(QueryLayer.NONE, DEFAULT_REPLICAS);
    }

    /** Whether a query tier runs (sidecars, query nodes, its balancer frontend). */
    public boolean enabled() {
        return layer == QueryLayer.THANOS;
    }
}
