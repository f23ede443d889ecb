package io.stackgate.verify.check;

import io.stackgate.verify.api.Http;
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
 * SIGSTOP a replica under load (a hung process: its socket accepts, nothing answers): no request
 * fails and none waits longer than the environment's hung-request budget (the balancer's server
 * timeout plus one retry); after SIGCONT it serves again and the balancer takes it back.
 */
public final class HangCheck implements Check {
    @Override
    public String name() {
        return "hang";
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
            return Verdict.skipped("a hang needs at least 2 Prometheus replicas, the topology has " + replicas.size());
        }
        Node victim = replicas.get(replicas.size() - 1);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        double faultAt;
        Double ejectedAt = null;
        Double recoveredAt = null;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.5, "half a second of load before the hang");
            faultAt = load.now();
            faults.freeze(victim);
            try {
                Wait.until(victim.id() + " (frozen) taken out of the balancer", Duration.ofSeconds(15))
                        .polling(Duration.ofMillis(20)).on(() -> balancer.inService(victim), in -> !in);
                ejectedAt = load.now();
                // hung for longer than a request may take: a client stuck on the hung replica shows
                double hungUntil = load.now() + balancer.hungRequestBudget().toMillis() / 1000.0 + 0.5;
                LoadPhases.runUntil(load, hungUntil, "load with the replica hung for longer than the request budget");
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            } finally {
                faults.resume(victim);
            }
            try {
                Wait.until(victim.id() + " serving again after SIGCONT", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                        .on(() -> balancer.inService(victim) && Http.get(victim.resolve("/-/ready")).ok(), ok -> ok);
                recoveredAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.5, "half a second of load after the resume");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        ctx.timeline(Load.timeline(name(), "SIGSTOP " + victim.id(), outcomes, 0.25, faultAt, ejectedAt, recoveredAt));
        seen.record(ctx, "hang_", factor);
        if (ejectedAt != null) {
            ctx.figure("hang_eject_s", ejectedAt - faultAt);
            ctx.figure("hang_eject_real_s", ClientView.real(ejectedAt - faultAt, factor));
        }
        evidence.add(seen.describe(factor) + ", through " + balancer.datasource());
        evidence.add(seen.onAws(factor));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        problems.addAll(0, LoadPhases.judge(target.topology(), seen, factor, victim.id() + " hung"));
        Duration budget = balancer.hungRequestBudget();
        long slow = outcomes.stream().filter(o -> o.latency() > budget.toMillis() / 1000.0).count();
        if (slow > 0) {
            problems.add(slow + " requests took longer than " + budget.toMillis() + " ms (slowest "
                    + LoadPhases.fmt(seen.maxMs() / 1000) + " s): they waited on the hung replica");
        }
        if (!problems.isEmpty()) {
            evidence.add("last lines of " + victim.id() + "'s log:\n" + nodes.logTail(victim, 15));
        }
        return Verdict.of(seen.failed() + " of " + seen.requests() + " requests failed while " + victim.id()
                + " hung (p99 " + LoadPhases.fmt(seen.p99Ms()) + " ms); it serves again after SIGCONT" + LoadPhases.balancerNote(target.topology()), problems, evidence);
    }
}
