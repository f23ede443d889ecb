package io.stackgate.model;

/** Where the one shared configuration lives. */
public enum ConfigStore implements YamlEnum {
    EFS("efs"),
    S3("s3");

    private final String yamlName;

    ConfigStore(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
