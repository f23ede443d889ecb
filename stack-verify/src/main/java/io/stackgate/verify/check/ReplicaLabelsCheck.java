package io.stackgate.verify.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each replica carries its own value of the replica label, and the alerts that reach Alertmanager
 * carry none (otherwise Alertmanager cannot deduplicate them).
 */
public final class ReplicaLabelsCheck implements Check {
    @Override
    public String name() {
        return "replica-labels";
    }

    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.SCRAPING, Footprint.Part.ALERTING);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        String label = target.topology().prometheus().replicaLabel();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Node n : nodes.nodes(Tier.PROMETHEUS)) {
            Optional<String> value = PrometheusApi.of(n).externalLabel(label);
            if (value.isEmpty() || value.get().isBlank() || value.get().contains("${")) {
                problems.add(n.id() + ": external label " + label + " is " + value.map(v -> "\"" + v + "\"").orElse("missing")
                        + ", expected the node's REPLICA (" + nodes.replicaOf(n) + ")");
                continue;
            }
            String other = seen.put(value.get(), n.id());
            if (other != null) {
                problems.add(n.id() + " and " + other + " both carry " + label + "=\"" + value.get() + "\"");
            }
            evidence.add(n.id() + ": " + label + "=\"" + value.get() + "\"");
        }
        List<Node> ams = nodes.nodes(Tier.ALERTMANAGER);
        if (ams.isEmpty()) {
            problems.add("no Alertmanager runs: cannot see which labels alerts arrive with");
        } else {
            Node am = ams.get(0);
            try {
                List<JsonNode> alerts = Wait.until("alerts (at least Watchdog) at " + am.id(), Duration.ofSeconds(15))
                        .on(() -> AlertmanagerApi.of(am).alerts(), a -> !a.isEmpty());
                for (JsonNode a : alerts) {
                    JsonNode labels = a.path("labels");
                    if (labels.has(label)) {
                        problems.add("alert " + labels.path("alertname").asText() + " reached " + am.id() + " with "
                                + label + "=\"" + labels.path(label).asText() + "\": Alertmanager sees one alert per replica");
                    }
                }
                evidence.add(am.id() + " holds " + alerts.size() + " alerts: " + alerts.stream()
                        .map(a -> a.path("labels").toString()).toList());
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
        }
        return Verdict.of(seen.size() + " distinct replica labels; alerts reach Alertmanager without " + label,
                problems, evidence);
    }
}
