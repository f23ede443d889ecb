package io.stackgate.model;

/** Where a Prometheus replica keeps its TSDB. EFS and NFS are accepted so that the validator can name the mistake. */
public enum StorageType implements YamlEnum {
    EBS("ebs"),
    INSTANCE("instance"),
    EFS("efs"),
    NFS("nfs");

    private final String yamlName;

    StorageType(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
