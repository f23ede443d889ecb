package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.LB_FAILOVER_BUDGET;

import io.stackgate.model.HealthCheck;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.List;

/** Whether the health checks detect a dead node within the failover budget. */
public final class LoadBalancerRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        HealthCheck hc = t.loadBalancers().healthCheck();
        int budget = t.loadBalancers().failoverBudgetSeconds();
        if (hc.detectionSeconds() > budget) {
            int interval = Math.max(5, budget / hc.unhealthyThreshold());
            return List.of(LB_FAILOVER_BUDGET.at("loadBalancers.healthCheck",
                    "a dead node keeps receiving traffic for up to " + hc.detectionSeconds() + " s (interval "
                            + hc.intervalSeconds() + " s × unhealthy threshold " + hc.unhealthyThreshold()
                            + "), longer than the failover budget of " + budget + " s",
                    "lower intervalSeconds to " + interval + " or unhealthyThreshold, or raise failoverBudgetSeconds to "
                            + hc.detectionSeconds()));
        }
        return List.of();
    }
}
