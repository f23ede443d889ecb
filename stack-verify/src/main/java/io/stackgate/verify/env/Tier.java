package io.stackgate.verify.env;

/** The kinds of node an environment runs. */
public enum Tier {
    PROMETHEUS("prometheus"),
    ALERTMANAGER("alertmanager"),
    GRAFANA("grafana"),
    EXPORTER("exporter"),
    GLOBAL_PROMETHEUS("prometheus-global"),
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
