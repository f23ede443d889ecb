package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.env.Wait;
import io.stackgate.verify.fault.Load;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Under a steady query load through the internal balancer, kill -9 one replica: no request fails,
 * the balancer ejects it within twice its check window, and a fresh replica started in its place
 * (as the auto-scaling group would) from the shared config rejoins with its targets up.
 */
public final class FailoverPrometheusCheck implements Check {
    @Override
    public String name() {
        return "failover-prometheus";
    }

    @Override
    public Verdict run(Environment env, CheckContext ctx) {
        List<Node> replicas = env.nodes(Tier.PROMETHEUS);
        if (replicas.size() < 2) {
            return Verdict.skipped("failover needs at least 2 Prometheus replicas, the topology has " + replicas.size());
        }
        Node victim = replicas.get(0);
        Duration window = env.checkWindow();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        double faultAt;
        Double ejectedAt = null;
        Double recoveredAt = null;
        double rejoin = Double.NaN;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(env)) {
            LoadPhases.runUntil(load, 0.3, "half a second of load before the fault");
            faultAt = load.now();
            env.kill(victim);
            try {
                Wait.until(victim.id() + " taken out of the balancer", window.multipliedBy(2).plusSeconds(3))
                        .polling(Duration.ofMillis(20)).on(() -> env.inService(victim), in -> !in);
                ejectedAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "half a second of load on the survivors");
            double restartAt = load.now();
            env.replace(victim);
            evidence.add(String.format(java.util.Locale.ROOT, "fresh %s ready %.2f s after its start", victim.id(),
                    load.now() - restartAt));
            try {
                Wait.until(victim.id() + " back in the balancer", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                        .on(() -> env.inService(victim), in -> in);
                evidence.add(String.format(java.util.Locale.ROOT, "back in the balancer %.2f s after its start",
                        load.now() - restartAt));
                Wait.until(victim.id() + "'s targets up", Duration.ofSeconds(20)).polling(Duration.ofMillis(100))
                        .on(() -> Api.targets(victim), ts -> !ts.isEmpty() && ts.stream()
                                .allMatch(t -> t.health().equals("up") || (t.job().equals("grafana") && env.nodes(Tier.GRAFANA).isEmpty())));
                recoveredAt = load.now();
                rejoin = recoveredAt - restartAt;
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "half a second of load after the rejoin");
            outcomes = load.stop();
        }
        long failed = outcomes.stream().filter(Load.Outcome::failed).count();
        double rate = LoadPhases.rate(outcomes);
        Double eject = ejectedAt == null ? null : ejectedAt - faultAt;
        ctx.timeline(Load.timeline(name(), "kill -9 " + victim.id(), outcomes, 0.25, faultAt, ejectedAt, recoveredAt));
        ctx.figure("failover_requests", outcomes.size());
        ctx.figure("check_window_s", window.toMillis() / 1000.0);
        ctx.figure("failover_failed_requests", failed);
        if (eject != null) {
            ctx.figure("failover_eject_s", eject);
        }
        if (!Double.isNaN(rejoin)) {
            ctx.figure("rejoin_s", rejoin);
        }
        evidence.add(outcomes.size() + " requests at " + LoadPhases.fmt(rate) + "/s through " + env.prometheusLoadBalancer()
                + ", " + failed + " failed");
        evidence.add("check window " + window.toMillis() + " ms; ejected " + (eject == null ? "never" : LoadPhases.fmt(eject) + " s")
                + " after the kill; fresh replica rejoined in " + (Double.isNaN(rejoin) ? "—" : LoadPhases.fmt(rejoin) + " s"));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        if (failed > 0) {
            problems.add(0, failed + " of " + outcomes.size() + " requests failed while " + victim.id() + " died");
        }
        if (eject != null && eject > 2.0 * window.toMillis() / 1000.0) {
            problems.add("the balancer took " + LoadPhases.fmt(eject) + " s to eject " + victim.id()
                    + ", more than twice its check window (" + window.toMillis() + " ms)");
        }
        if (rate < 50) {
            problems.add("the load reached only " + LoadPhases.fmt(rate) + " requests/s, below 50/s");
        }
        if (!problems.isEmpty()) {
            evidence.add("last lines of " + victim.id() + "'s log:\n" + env.logTail(victim, 15));
        }
        return Verdict.of("0 of " + outcomes.size() + " requests failed; ejected in " + (eject == null ? "?" : LoadPhases.fmt(eject))
                + " s; rejoined in " + LoadPhases.fmt(rejoin) + " s", problems, evidence);
    }
}
