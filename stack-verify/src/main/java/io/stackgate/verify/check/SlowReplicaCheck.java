package io.stackgate.verify.check;

import io.stackgate.verify.load.Load;
import io.stackgate.verify.load.Percentiles;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.LinkFaults;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A slow link to one Prometheus replica (every answer it sends comes twice the request budget late)
 * under a steady query load through Grafana's datasource: the query tier gives up on the slow store and
 * answers without it, or the balancer's health checks take the replica out, so the p99 of the queries
 * sent while it is slow stays within the topology's hung-request budget ({@link
 * Balancer#hungRequestBudget()}); otherwise FAILED with the p99. No query may fail meanwhile (judged as
 * in the failover checks). A datasource pointing at one replica waits on it: FAILED.
 */
public final class SlowReplicaCheck implements Check {
    @Override
    public String name() {
        return "slow-replica";
    }

    /**
     * Slows the datasource's way to one replica (without a query tier that is its HTTP port, which its peers
     * scrape too) and reads only the datasource.
     */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.DATASOURCE).disturbing(Footprint.Part.DATASOURCE, Footprint.Part.SCRAPING);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, LinkFaults.class, Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        LinkFaults links = target.require(LinkFaults.class);
        Balancer balancer = target.require(Balancer.class);
        List<Node> replicas = nodes.nodes(Tier.PROMETHEUS);
        if (replicas.size() < 2) {
            return Verdict.skipped("routing around a slow replica needs at least 2 Prometheus replicas, the topology has "
                    + replicas.size());
        }
        Node victim = replicas.get(replicas.size() - 1);
        Duration budget = balancer.hungRequestBudget();
        Duration latency = budget.multipliedBy(2);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        double faultAt;
        double unslowedAt;
        Double recoveredAt = null;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.5, "half a second of load before the slow link");
            faultAt = load.now();
            links.slow(victim, latency);
            try {
                // slow for longer than the budget by two check windows: a query sent at the start that waits on
                // the slow replica waits past the budget before the toxic goes (removing it releases what it
                // holds), and the balancer's health checks, which act within one check window, have passed
                LoadPhases.runUntil(load, faultAt + seconds(budget) + Math.max(0.5, 2 * seconds(balancer.checkWindow())),
                        "load with " + victim.id() + " slow for longer than the budget");
            } finally {
                links.unslow(victim);
                unslowedAt = load.now();
            }
            try {
                Wait.until(victim.id() + " back in the balancer after the slow link", Duration.ofSeconds(15))
                        .polling(Duration.ofMillis(50)).on(() -> balancer.inService(victim), in -> in);
                recoveredAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            LoadPhases.runUntil(load, load.now() + 0.5, "half a second of load after the link is fast again");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        ctx.timeline(Load.timeline(name(), "+" + latency.toMillis() + " ms on " + victim.id(), outcomes, 0.25, faultAt,
                unslowedAt, recoveredAt));
        seen.record(ctx, "slow_replica_", factor);
        List<Double> slowPhase = new ArrayList<>();
        outcomes.stream().filter(o -> o.start() >= faultAt && o.start() <= unslowedAt).forEach(o -> slowPhase.add(o.latency() * 1000));
        Double p99 = Percentiles.of(slowPhase, 99);
        double p99Ms = p99 == null ? 0 : p99;
        long over = slowPhase.stream().filter(ms -> ms > budget.toMillis()).count();
        ctx.figure("slow_replica_slow_phase_p99_ms", p99Ms);
        ctx.figure("slow_replica_over_budget", over);
        String figures = String.format(Locale.ROOT, "while %s was %d ms slow: %d queries, p99 %.0f ms, %d over the budget"
                + " of %d ms", victim.id(), latency.toMillis(), slowPhase.size(), p99Ms, over, budget.toMillis());
        evidence.add(figures + ", through " + balancer.datasource());
        evidence.add(seen.describe(factor));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        problems.addAll(0, LoadPhases.judge(target.topology(), seen, factor, victim.id() + " was slow"));
        if (slowPhase.isEmpty()) {
            problems.add(0, "no query was sent while " + victim.id() + " was slow");
        } else if (p99Ms > budget.toMillis()) {
            problems.add(0, String.format(Locale.ROOT, "queries waited on the slow replica: p99 %.0f ms over the budget of"
                    + " %d ms (%d of %d over it)%s", p99Ms, budget.toMillis(), over, slowPhase.size(),
                    target.topology().query().enabled() ? "" : " (query.layer is none: the balancer sends the slow"
                            + " replica its share until its health checks time out)"));
        }
        return Verdict.of(figures + LoadPhases.balancerNote(target.topology()), problems, evidence);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
