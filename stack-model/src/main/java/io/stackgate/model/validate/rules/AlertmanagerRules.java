package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.AM_CLUSTER_DISABLED;

import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.List;

/** The Alertmanager gossip cluster. */
public final class AlertmanagerRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        if (t.alertmanager().replicas() > 1 && !t.alertmanager().cluster()) {
            return List.of(AM_CLUSTER_DISABLED.at("alertmanager.cluster",
                    t.alertmanager().replicas() + " Alertmanagers without a gossip cluster do not share "
                            + "notification state or silences: every alert is sent once per instance",
                    "set alertmanager.cluster: true (instances gossip on port 9094)"));
        }
        return List.of();
    }
}
