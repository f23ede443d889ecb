package io.stackgate.model;

/** Grafana's database. */
public enum DatabaseEngine implements YamlEnum {
    POSTGRES("postgres"),
    MYSQL("mysql"),
    SQLITE("sqlite");

    private final String yamlName;

    DatabaseEngine(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
