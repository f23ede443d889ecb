package io.stackgate.model;

/** The public and internal load balancers, their health checks and the failover budget they must meet. */
public record LoadBalancers(PublicLoadBalancer publicLb, boolean internalEnabled, HealthCheck healthCheck,
        int failoverBudgetSeconds) {
    public LoadBalancers {
        Checks.required("public", publicLb);
        Checks.required("healthCheck", healthCheck);
        Checks.range("failoverBudgetSeconds", failoverBudgetSeconds, 1, 3_600);
    }
}
