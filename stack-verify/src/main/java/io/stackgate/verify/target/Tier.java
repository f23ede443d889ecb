package io.stackgate.verify.target;

/** The kinds of node a target runs. */
public enum Tier {
    PROMETHEUS("prometheus"),
    ALERTMANAGER("alertmanager"),
    GRAFANA("grafana"),
    EXPORTER("exporter"),
    GLOBAL_PROMETHEUS("prometheus-global"),
    /** The query tier ({@code thanos query}): Grafana's datasource when the topology has one. */
    QUERY("query"),
    LOAD_BALANCER("haproxy");

    private final String prefix;

    Tier(String prefix) {
        this.prefix = prefix;
    }

    /** Node ids are {@code <prefix>-<n>}, e.g. {@code prometheus-1}. */
    public String prefix() {
        return prefix;
    }
}
