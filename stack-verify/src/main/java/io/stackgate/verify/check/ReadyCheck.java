package io.stackgate.verify.check;

import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every node answers its readiness endpoint; the Alertmanager cluster has settled with all peers. */
public final class ReadyCheck implements Check {
    @Override
    public String name() {
        return "ready";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        Balancer balancer = target.require(Balancer.class);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Tier tier : List.of(Tier.PROMETHEUS, Tier.GLOBAL_PROMETHEUS, Tier.ALERTMANAGER, Tier.EXPORTER, Tier.GRAFANA)) {
            nodes.unavailable(tier).ifPresent(why -> evidence.add(tier.prefix() + ": not running here (" + why + ")"));
            for (Node n : nodes.nodes(tier)) {
                String path = switch (tier) {
                    case EXPORTER -> "/metrics";
                    case GRAFANA -> "/api/health";
                    default -> "/-/ready";
                };
                Http.Response r = Http.get(n.resolve(path));
                if (r.ok()) {
                    evidence.add(n.id() + " " + n.resolve(path) + ": HTTP " + r.status());
                } else {
                    problems.add(n.id() + " is not ready: " + n.resolve(path) + " answered " + r);
                    problems.add("last lines of " + n.id() + "'s log:\n" + nodes.logTail(n, 10));
                }
            }
        }
        List<Node> ams = nodes.nodes(Tier.ALERTMANAGER);
        if (target.topology().alertmanager().cluster() && ams.size() > 1) {
            String expected = "ready/" + ams.size();
            for (Node n : ams) {
                try {
                    String s = Wait.until(n.id() + " cluster " + expected, Duration.ofSeconds(10))
                            .on(() -> AlertmanagerApi.of(n).clusterStatus(), expected::equals);
                    evidence.add(n.id() + " cluster: " + s);
                } catch (Wait.WaitTimeoutException e) {
                    problems.add(n.id() + ": " + e.getMessage());
                }
            }
        }
        for (Node n : nodes.nodes(Tier.PROMETHEUS)) {
            if (!balancer.inService(n)) {
                problems.add(n.id() + " is not in service on the internal load balancer");
            }
        }
        long count = List.of(Tier.values()).stream().mapToLong(t -> nodes.nodes(t).size()).sum();
        boolean clustered = target.topology().alertmanager().cluster() && ams.size() > 1;
        return Verdict.of(count + " nodes ready, " + ams.size() + " Alertmanager" + (ams.size() == 1 ? "" : "s")
                + (clustered ? " in one cluster" : " (no gossip cluster)"), problems, evidence);
    }
}
