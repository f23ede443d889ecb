package io.stackgate.model;

import java.util.List;

/** The internet-facing load balancer in front of Grafana. {@code tls} null means plaintext (a finding). */
public record PublicLoadBalancer(boolean enabled, Tls tls, List<Cidr> allowedCidrs) {
    public PublicLoadBalancer {
        allowedCidrs = Checks.list("allowedCidrs", allowedCidrs);
        if (enabled && allowedCidrs.size() < Limits.PUBLIC_LB_ALLOWED_CIDRS.min()) {
            throw new TopologyException("allowedCidrs", "an enabled public load balancer needs at least one CIDR, "
                    + "e.g. [\"0.0.0.0/0\"] or your office range");
        }
    }
}
