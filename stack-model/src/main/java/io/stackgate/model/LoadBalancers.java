package io.stackgate.model;

import java.util.OptionalInt;

/**
 * The public and internal load balancers, their health checks and what a failover may cost.
 *
 * @param failoverBudgetSeconds longest client-visible error window a failover may open
 * @param maxFailedRequests failed requests a failover may cost, or {@code null} when the topology does not
 *                          say; {@link Topology#maxFailedRequests()} resolves the default
 * @param semantics how the local replica's balancer treats a failed request ({@link BalancerSemantics#ALB}
 *                  unless the user explicitly chose {@code retrying})
 */
public record LoadBalancers(PublicLoadBalancer publicLb, boolean internalEnabled, HealthCheck healthCheck,
        int failoverBudgetSeconds, Integer maxFailedRequests, BalancerSemantics semantics) {
    public LoadBalancers {
        Checks.required("public", publicLb);
        Checks.required("healthCheck", healthCheck);
        Limits.FAILOVER_BUDGET_SECONDS.check("failoverBudgetSeconds", failoverBudgetSeconds);
        if (maxFailedRequests != null) {
            Limits.MAX_FAILED_REQUESTS.check("maxFailedRequests", maxFailedRequests);
        }
        Checks.required("semantics", semantics);
    }

    /** Without the optional keys: no explicit failed-request limit, ALB semantics. */
    public LoadBalancers(PublicLoadBalancer publicLb, boolean internalEnabled, HealthCheck healthCheck,
            int failoverBudgetSeconds) {
        this(publicLb, internalEnabled, healthCheck, failoverBudgetSeconds, null, BalancerSemantics.ALB);
    }

    /** The limit the topology wrote, if any (see {@link Topology#maxFailedRequests()} for the default). */
    public OptionalInt explicitMaxFailedRequests() {
        return maxFailedRequests == null ? OptionalInt.empty() : OptionalInt.of(maxFailedRequests);
    }

    /** Whether the user chose a balancer that retries failed requests on another target. */
    public boolean retrying() {
        return semantics == BalancerSemantics.RETRYING;
    }
}
