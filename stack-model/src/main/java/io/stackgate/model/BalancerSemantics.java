package io.stackgate.model;

/**
 * How the local replica's balancer treats a request that fails on a target.
 * {@link #ALB} is what AWS does and the default; {@link #RETRYING} exists only for a user who says so
 * in the topology, and every report then says that its failover figures are better than AWS's.
 */
public enum BalancerSemantics implements YamlEnum {
    /** No retry on another target, no redispatch; health checks alone take a target out; fail-open. */
    ALB("alb"),
    /** Retries a failed request on another target (HAProxy {@code retry-on} + {@code redispatch}). */
    RETRYING("retrying");

    private final String yamlName;

    BalancerSemantics(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
