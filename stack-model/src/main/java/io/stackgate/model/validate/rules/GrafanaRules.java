package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.GRAFANA_ALERTING_HA_MISSING;
import static io.stackgate.model.validate.FindingCode.GRAFANA_SQLITE_SHARED;

import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.Grafana;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Grafana's database and alerting when it has several replicas. */
public final class GrafanaRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        Grafana g = t.grafana();
        List<Finding> out = new ArrayList<>();
        if (g.replicas() > 1 && g.database().engine() == DatabaseEngine.SQLITE) {
            out.add(GRAFANA_SQLITE_SHARED.at("grafana.database.engine",
                    g.replicas() + " Grafana replicas on sqlite: each has its own database (dashboards, users "
                            + "and alert rules diverge), or they share one file over NFS, which sqlite's locking "
                            + "does not survive under concurrent writers",
                    "set grafana.database.engine to postgres or mysql (RDS, Multi-AZ)"));
        }
        if (g.replicas() > 1 && !g.alertingHa()) {
            out.add(GRAFANA_ALERTING_HA_MISSING.at("grafana.alertingHa",
                    g.replicas() + " Grafana replicas evaluate unified alerting without HA peers: every "
                            + "replica sends its own notifications, so each alert is delivered " + g.replicas()
                            + " times",
                    "set grafana.alertingHa: true (replicas gossip on port 9094 and deduplicate)"));
        }
        return out;
    }
}
