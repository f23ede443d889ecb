package io.stackgate.verify.check;

import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.load.Load;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Under a steady query load through Grafana's datasource path, kill -9 one replica: no more requests
 * fail than the topology allows ({@code loadBalancers.maxFailedRequests}), the client-visible error
 * window on the topology's clock stays within {@code failoverBudgetSeconds}, the balancer ejects the
 * replica within twice its check window, the answered throughput holds, and a fresh replica started
 * in its place (as the auto-scaling group would, with an empty disk) rejoins with its targets up.
 */
public final class FailoverPrometheusCheck implements Check {
    @Override
    public String name() {
        return "failover-prometheus";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, ProcessFaults.class, Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        ProcessFaults faults = target.require(ProcessFaults.class);
        Balancer balancer = target.require(Balancer.class);
        List<Node> replicas = nodes.nodes(Tier.PROMETHEUS);
        if (replicas.size() < 2) {
            return Verdict.skipped("failover needs at least 2 Prometheus replicas, the topology has " + replicas.size());
        }
        Node victim = replicas.get(0);
        Duration window = balancer.checkWindow();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        double faultAt;
        Double ejectedAt = null;
        Double recoveredAt = null;
        double rejoin = Double.NaN;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.3, "half a second of load before the fault");
            faultAt = load.now();
            faults.kill(victim);
            try {
                Wait.until(victim.id() + " taken out of the balancer", window.multipliedBy(2).plusSeconds(3))
                        .polling(Duration.ofMillis(20)).on(() -> balancer.inService(victim), in -> !in);
                ejectedAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "half a second of load on the survivors");
            double restartAt = load.now();
            java.time.Instant restartInstant = java.time.Instant.now();
            faults.replace(victim);
            evidence.add(String.format(java.util.Locale.ROOT, "fresh %s ready %.2f s after its start", victim.id(),
                    load.now() - restartAt));
            try {
                Wait.until(victim.id() + " back in the balancer", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                        .on(() -> balancer.inService(victim), in -> in);
                evidence.add(String.format(java.util.Locale.ROOT, "back in the balancer %.2f s after its start",
                        load.now() - restartAt));
                Wait.until(victim.id() + "'s targets up", Duration.ofSeconds(20)).polling(Duration.ofMillis(100))
                        .on(() -> PrometheusApi.of(victim).targets(), ts -> !ts.isEmpty() && ts.stream()
                                .allMatch(t -> t.health().equals("up") || (t.job().equals("grafana") && nodes.nodes(Tier.GRAFANA).isEmpty())));
                if (QueryTierRejoin.await(nodes, target.topology().prometheus().replicaLabel(), nodes.replicaOf(victim),
                        restartInstant, Duration.ofSeconds(15)).isPresent()) {
                    evidence.add(String.format(java.util.Locale.ROOT, "read by every query node again %.2f s after its"
                            + " start", load.now() - restartAt));
                }
                recoveredAt = load.now();
                rejoin = recoveredAt - restartAt;
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "half a second of load after the rejoin");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        Double eject = ejectedAt == null ? null : ejectedAt - faultAt;
        ctx.timeline(Load.timeline(name(), "kill -9 " + victim.id(), outcomes, 0.25, faultAt, ejectedAt, recoveredAt));
        seen.record(ctx, "failover_", factor);
        ctx.figure("check_window_s", window.toMillis() / 1000.0);
        if (eject != null) {
            ctx.figure("failover_eject_s", eject);
            ctx.figure("failover_eject_real_s", ClientView.real(eject, factor));
        }
        if (!Double.isNaN(rejoin)) {
            ctx.figure("rejoin_s", rejoin);
        }
        evidence.add(seen.describe(factor) + ", through " + balancer.datasource());
        evidence.add(seen.onAws(factor));
        evidence.add("check window " + window.toMillis() + " ms; ejected " + (eject == null ? "never" : LoadPhases.fmt(eject)
                + " s (" + LoadPhases.fmt(ClientView.real(eject, factor)) + " s on the topology's clock)")
                + " after the kill; fresh replica rejoined in " + (Double.isNaN(rejoin) ? "—" : LoadPhases.fmt(rejoin) + " s"));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        problems.addAll(0, LoadPhases.judge(target.topology(), seen, factor, victim.id() + " died"));
        if (eject != null && eject > 2.0 * window.toMillis() / 1000.0) {
            problems.add("the balancer took " + LoadPhases.fmt(eject) + " s to eject " + victim.id()
                    + ", more than twice its check window (" + window.toMillis() + " ms)");
        }
        if (!problems.isEmpty()) {
            evidence.add("last lines of " + victim.id() + "'s log:\n" + nodes.logTail(victim, 15));
        }
        return Verdict.of(seen.failed() + " of " + seen.requests() + " requests failed; ejected in "
                + (eject == null ? "?" : LoadPhases.fmt(eject)) + " s; rejoined in " + LoadPhases.fmt(rejoin) + " s; "
                + seen.onAws(factor) + LoadPhases.balancerNote(target.topology()), problems, evidence);
    }
}
