package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.HA_REPLICAS_UNEVEN_AZ;
import static io.stackgate.model.validate.FindingCode.HA_SINGLE_AZ;
import static io.stackgate.model.validate.FindingCode.HA_SINGLE_REPLICA;

import io.stackgate.model.Limits;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Availability zones and replica counts. */
public final class HaRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        List<Finding> out = new ArrayList<>();
        int azs = t.availabilityZones().size();
        if (azs < Limits.DEPLOYABLE_AVAILABILITY_ZONES.min()) {
            out.add(HA_SINGLE_AZ.at("availabilityZones",
                    "the stack lives in one availability zone: an AZ outage takes down every Prometheus, "
                            + "Alertmanager and Grafana at once, and the load balancers with them",
                    "list at least two AZs of " + t.region() + ", e.g. [" + t.region() + "a, " + t.region() + "b]"));
        }
        tier(out, "prometheus", t.prometheus().replicas(), azs,
                "losing that instance stops scraping, rule evaluation and alerting, and leaves a gap in the data");
        tier(out, "alertmanager", t.alertmanager().replicas(), azs,
                "losing that instance drops every notification until it is replaced");
        tier(out, "grafana", t.grafana().replicas(), azs,
                "losing that instance takes dashboards and Grafana alerting down until it is replaced");
        if (t.query().enabled()) {
            tier(out, "query", t.query().replicas(), azs,
                    "losing that instance fails every datasource query until it is replaced, although every "
                            + "Prometheus replica still runs");
        }
        return out;
    }

    private static void tier(List<Finding> out, String tier, int replicas, int azs, String impact) {
        String path = tier + ".replicas";
        if (replicas < 2) {
            out.add(HA_SINGLE_REPLICA.at(path, tier + " runs a single instance: " + impact,
                    "set " + path + " to 2 or more (one per AZ)"));
        } else if (azs >= 2 && replicas % azs != 0) {
            int most = (replicas + azs - 1) / azs;
            out.add(HA_REPLICAS_UNEVEN_AZ.at(path, replicas + " " + tier + " replicas over " + azs
                    + " AZs cannot spread evenly: losing the fullest AZ takes " + most + " of " + replicas
                    + " instead of an even share",
                    "use a multiple of " + azs + " replicas (e.g. " + (replicas / azs + 1) * azs + ")"));
        }
    }
}
