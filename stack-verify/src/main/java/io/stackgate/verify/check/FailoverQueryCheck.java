package io.stackgate.verify.check;

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
 * Under a steady query load through Grafana's datasource, kill -9 one query-tier node. The balancer in
 * front of the query tier does not retry (ALB semantics), so the requests sent to the dead node fail
 * until its health checks eject it: the check reports that error window on both clocks and judges it
 * against {@code failoverBudgetSeconds} (and {@code maxFailedRequests} only when the topology sets it:
 * the default 0 is about losing a Prometheus replica, which the query tier absorbs).
 */
public final class FailoverQueryCheck implements Check {
    @Override
    public String name() {
        return "failover-query";
    }

    /** Kills and replaces a query node (a target of the scrapes too) and reads only the datasource. */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.DATASOURCE).disturbing(Footprint.Part.DATASOURCE, Footprint.Part.SCRAPING);
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
        List<Node> queries = nodes.nodes(Tier.QUERY);
        if (queries.isEmpty()) {
            return Verdict.skipped(nodes.unavailable(Tier.QUERY).orElse("no query tier runs here"));
        }
        if (queries.size() < 2) {
            return Verdict.skipped("losing a query node needs at least 2 of them, the topology has " + queries.size());
        }
        Node victim = queries.get(0);
        Duration window = balancer.checkWindow();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        double faultAt;
        Double ejectedAt = null;
        Double recoveredAt = null;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.3, "a third of a second of load before the fault");
            faultAt = load.now();
            faults.kill(victim);
            try {
                Wait.until(victim.id() + " taken out of the balancer", window.multipliedBy(2).plusSeconds(3))
                        .polling(Duration.ofMillis(20)).on(() -> balancer.inService(victim), in -> !in);
                ejectedAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "a third of a second of load on the survivors");
            faults.replace(victim);
            try {
                Wait.until(victim.id() + " back in the balancer", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                        .on(() -> balancer.inService(victim), in -> in);
                recoveredAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "a third of a second of load after the rejoin");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        ctx.timeline(Load.timeline(name(), "kill -9 " + victim.id(), outcomes, 0.25, faultAt, ejectedAt, recoveredAt));
        seen.record(ctx, "failover_query_", factor);
        if (ejectedAt != null) {
            ctx.figure("failover_query_eject_s", ejectedAt - faultAt);
            ctx.figure("failover_query_eject_real_s", ClientView.real(ejectedAt - faultAt, factor));
        }
        evidence.add(seen.describe(factor) + ", through " + balancer.datasource());
        evidence.add(seen.onAws(factor));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        problems.addAll(0, LoadPhases.judge(target.topology(), seen, factor, victim.id() + " died",
                target.topology().loadBalancers().explicitMaxFailedRequests()));
        if (!problems.isEmpty()) {
            evidence.add("last lines of " + victim.id() + "'s log:\n" + nodes.logTail(victim, 15));
        }
        return Verdict.of(seen.failed() + " of " + seen.requests() + " requests failed while " + victim.id() + " died; "
                + seen.onAws(factor) + LoadPhases.balancerNote(target.topology()), problems, evidence);
    }
}
