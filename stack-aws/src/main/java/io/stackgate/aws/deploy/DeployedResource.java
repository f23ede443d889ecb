package io.stackgate.aws.deploy;

import java.util.Objects;

/**
 * One resource the deployer created: the Terraform resource it stands for ({@code address}, e.g.
 * {@code module.networking.aws_vpc.this}), the instance key within it ({@code "0"}, {@code
 * "prometheus"}, {@code "prometheus-grafana-3000"}; empty for a single resource) and the AWS id.
 * Resources that terraform/ expects to exist already (the Grafana admin password parameter, the
 * TLS certificate) have an address starting with {@code stackgate.}.
 */
public record DeployedResource(String address, String key, String id) {
    public DeployedResource {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
    }

    /** The Terraform resource type: {@code aws_vpc} for {@code module.networking.aws_vpc.this}. */
    public String type() {
        String[] parts = address.split("\\.");
        return parts[parts.length - 2];
    }

    @Override
    public String toString() {
        return address + (key.isEmpty() ? "" : "[" + key + "]") + " = " + id;
    }
}
