package io.stackgate.model;

import java.util.List;

/**
 * Instance-level security. {@code exporterAllowedCidrs} widens the exporter ports beyond the
 * Prometheus security group (a finding when non-empty).
 */
public record Security(boolean imdsV2, List<Cidr> sshFromCidrs, List<Cidr> exporterAllowedCidrs) {
    public Security {
        sshFromCidrs = Checks.list("sshFromCidrs", sshFromCidrs);
        exporterAllowedCidrs = Checks.list("exporterAllowedCidrs", exporterAllowedCidrs);
    }

    public static Security defaults() {
        return new Security(true, List.of(), List.of());
    }
}
