package io.stackgate.model;

/** Grafana's remote cache. */
public enum RemoteCache implements YamlEnum {
    DATABASE("database"),
    REDIS("redis");

    private final String yamlName;

    RemoteCache(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
