package io.stackgate.model;

/** Load balancer health checks; the same numbers drive the ALB target groups and the local HAProxy. */
public record HealthCheck(int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold,
        int deregistrationDelaySeconds) {
    public HealthCheck {
        Limits.HEALTH_CHECK_INTERVAL_SECONDS.check("intervalSeconds", intervalSeconds);
        Limits.HEALTH_CHECK_TIMEOUT_SECONDS.check("timeoutSeconds", timeoutSeconds);
        Limits.HEALTH_CHECK_THRESHOLD.check("healthyThreshold", healthyThreshold);
        Limits.HEALTH_CHECK_THRESHOLD.check("unhealthyThreshold", unhealthyThreshold);
        Limits.DEREGISTRATION_DELAY_SECONDS.check("deregistrationDelaySeconds", deregistrationDelaySeconds);
        if (timeoutSeconds >= intervalSeconds) {
            throw new TopologyException("timeoutSeconds", "must be less than intervalSeconds (" + intervalSeconds
                    + "), got " + timeoutSeconds);
        }
    }

    public static HealthCheck defaults() {
        return new HealthCheck(10, 5, 2, 2, 30);
    }

    /** Worst-case seconds from a node dying to the balancer taking it out: interval × unhealthy threshold. */
    public int detectionSeconds() {
        return intervalSeconds * unhealthyThreshold;
    }
}
