package io.stackgate.model;

/** What Grafana's datasource reads: a deduplicating query tier, or the replicas through a balancer. */
public enum QueryLayer implements YamlEnum {
    /** Thanos sidecars next to every replica and {@code thanos query} deduplicating by the replica label. */
    THANOS("thanos"),
    /** No query tier: the internal balancer sends each query to one replica (QUERY_NO_DEDUP with more than one). */
    NONE("none");

    private final String yamlName;

    QueryLayer(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
