package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.env.Wait;
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
    public Verdict run(Environment env, CheckContext ctx) {
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Tier tier : List.of(Tier.PROMETHEUS, Tier.GLOBAL_PROMETHEUS, Tier.ALERTMANAGER, Tier.EXPORTER, Tier.GRAFANA)) {
            env.unavailable(tier).ifPresent(why -> evidence.add(tier.prefix() + ": not running here (" + why + ")"));
            for (Node n : env.nodes(tier)) {
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
                    problems.add("last lines of " + n.id() + "'s log:\n" + env.logTail(n, 10));
                }
            }
        }
        List<Node> ams = env.nodes(Tier.ALERTMANAGER);
        if (env.topology().alertmanager().cluster() && ams.size() > 1) {
            String expected = "ready/" + ams.size();
            for (Node n : ams) {
                try {
                    String s = Wait.until(n.id() + " cluster " + expected, Duration.ofSeconds(10))
                            .on(() -> Http.clusterStatus(n), expected::equals);
                    evidence.add(n.id() + " cluster: " + s);
                } catch (Wait.WaitTimeoutException e) {
                    problems.add(n.id() + ": " + e.getMessage());
                }
            }
        }
        for (Node n : env.nodes(Tier.PROMETHEUS)) {
            if (!env.inService(n)) {
                problems.add(n.id() + " is not in service on the internal load balancer");
            }
        }
        long nodes = List.of(Tier.values()).stream().mapToLong(t -> env.nodes(t).size()).sum();
        return Verdict.of(nodes + " nodes ready, " + ams.size() + " Alertmanagers in one cluster", problems, evidence);
    }
}
