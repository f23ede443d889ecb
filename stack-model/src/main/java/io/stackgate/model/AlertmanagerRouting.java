package io.stackgate.model;

/** How Prometheus reaches Alertmanager. LOAD_BALANCER is accepted so that the validator can name the mistake. */
public enum AlertmanagerRouting implements YamlEnum {
    DIRECT("direct"),
    LOAD_BALANCER("loadBalancer");

    private final String yamlName;

    AlertmanagerRouting(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
