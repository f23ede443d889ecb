package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.env.Wait;
import io.stackgate.verify.fault.Load;
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
    public Verdict run(Environment env, CheckContext ctx) {
        List<Node> replicas = env.nodes(Tier.PROMETHEUS);
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
        try (Load load = LoadPhases.start(env)) {
            LoadPhases.runUntil(load, 0.5, "half a second of load before the hang");
            faultAt = load.now();
            env.freeze(victim);
            try {
                Wait.until(victim.id() + " (frozen) taken out of the balancer", Duration.ofSeconds(15))
                        .polling(Duration.ofMillis(20)).on(() -> env.inService(victim), in -> !in);
                ejectedAt = load.now();
                LoadPhases.runUntil(load, load.now() + 0.5, "half a second of load with the replica hung");
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            } finally {
                env.resume(victim);
            }
            try {
                Wait.until(victim.id() + " serving again after SIGCONT", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                        .on(() -> env.inService(victim) && Http.get(victim.resolve("/-/ready")).ok(), ok -> ok);
                recoveredAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.5, "half a second of load after the resume");
            outcomes = load.stop();
        }
        long failed = outcomes.stream().filter(Load.Outcome::failed).count();
        double slowest = outcomes.stream().mapToDouble(o -> o.end() - o.start()).max().orElse(0);
        ctx.timeline(Load.timeline(name(), "SIGSTOP " + victim.id(), outcomes, 0.25, faultAt, ejectedAt, recoveredAt));
        ctx.figure("hang_failed_requests", failed);
        evidence.add(outcomes.size() + " requests at " + LoadPhases.fmt(LoadPhases.rate(outcomes)) + "/s, " + failed
                + " failed; slowest took " + LoadPhases.fmt(slowest) + " s (stuck on the hung replica, then retried)");
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        if (failed > 0) {
            problems.add(0, failed + " of " + outcomes.size() + " requests failed while " + victim.id() + " hung");
        }
        Duration budget = env.hungRequestBudget();
        long slow = outcomes.stream().filter(o -> o.end() - o.start() > budget.toMillis() / 1000.0).count();
        if (slow > 0) {
            problems.add(slow + " requests took longer than " + budget.toMillis() + " ms (slowest "
                    + LoadPhases.fmt(slowest) + " s): the balancer did not give up on the hung replica and retry elsewhere");
        }
        if (!problems.isEmpty()) {
            evidence.add("last lines of " + victim.id() + "'s log:\n" + env.logTail(victim, 15));
        }
        return Verdict.of("0 of " + outcomes.size() + " requests failed while " + victim.id()
                + " hung; it serves again after SIGCONT", problems, evidence);
    }
}
