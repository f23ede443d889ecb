package io.stackgate.model;

/** Load balancer health checks; the same numbers drive the ALB target groups and the local HAProxy. */
public record HealthCheck(int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold,
        int deregistrationDelaySeconds) {
    public HealthCheck {
        Checks.range("intervalSeconds", intervalSeconds, 5, 300);
        Checks.range("timeoutSeconds", timeoutSeconds, 2, 120);
        Checks.range("healthyThreshold", healthyThreshold, 2, 10);
        Checks.range("unhealthyThreshold", unhealthyThreshold, 2, 10);
        Checks.range("deregistrationDelaySeconds", deregistrationDelaySeconds, 0, 3_600);
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
