package io.stackgate.model;

/** How Prometheus federation is laid out. MUTUAL (replicas federating each other) is accepted so that the validator can name the mistake. */
public enum FederationMode implements YamlEnum {
    NONE("none"),
    GLOBAL("global"),
    MUTUAL("mutual");

    private final String yamlName;

    FederationMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
