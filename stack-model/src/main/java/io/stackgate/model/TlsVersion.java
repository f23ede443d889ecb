package io.stackgate.model;

/** The oldest TLS version a public load balancer accepts. */
public enum TlsVersion implements YamlEnum {
    TLS1_2("TLS1.2"),
    TLS1_3("TLS1.3");

    private final String yamlName;

    TlsVersion(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
