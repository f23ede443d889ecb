package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.QUERY_NO_DEDUP;

import io.stackgate.model.QueryLayer;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.List;

/** Whether the datasource path deduplicates the replicas and keeps the past of a replaced one. */
public final class QueryRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        int replicas = t.prometheus().replicas();
        if (t.query().layer() == QueryLayer.NONE && replicas > 1) {
            return List.of(QUERY_NO_DEDUP.at("query.layer",
                    "Grafana reads the " + replicas + " Prometheus replicas through the internal balancer with no "
                            + "deduplicating query tier: each query is answered by one replica chosen in turn, so a "
                            + "replica replaced with an empty disk (an ASG replacement gets a new volume) answers "
                            + "with no history and still receives its share (1 in " + replicas + ") of the "
                            + "queries: dashboards show holes for everything before the replacement",
                    "set query.layer: thanos (query: {layer: thanos, replicas: 2}): a Thanos sidecar next to every "
                            + "replica and thanos query merging them, deduplicated by the '"
                            + t.prometheus().replicaLabel() + "' label"));
        }
        return List.of();
    }
}
