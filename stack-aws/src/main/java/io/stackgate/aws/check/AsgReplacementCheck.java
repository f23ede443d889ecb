package io.stackgate.aws.check;

import io.stackgate.aws.stack.Tier;
import io.stackgate.aws.target.AwsStack;
import io.stackgate.aws.target.EmulatorGap;
import io.stackgate.model.ScrapeJob;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.check.HistoryBaseline;
import io.stackgate.verify.check.QueryTierRejoin;
import io.stackgate.verify.check.SampleGaps;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Terminates a Prometheus instance through its Auto Scaling group (TerminateInstanceInAutoScalingGroup) and
 * follows the replacement: a new instance InService in the group, registered in the target group, ready,
 * healthy on the balancer, every target up, and the history Grafana reads through its datasource complete
 * for the time before the fault (the new instance has an empty disk). Each milestone is given in seconds
 * after the terminate here and on the topology's clock (the balancer's factor); the replaced instance must
 * leave the target group.
 */
public final class AsgReplacementCheck implements Check {
    static final Duration STEP = Duration.ofSeconds(30);
    private final Duration step;

    public AsgReplacementCheck() {
        this(STEP);
    }

    /** With {@code step} as the bound of every milestone (tests that expect a milestone never to come use less). */
    public AsgReplacementCheck(Duration step) {
        this.step = step;
    }
    static final int WINDOW_INTERVALS = 8;
    static final int READS = 4;

    @Override
    public String name() {
        return "asg-replacement";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsStack.class, ControlPlane.class, Nodes.class, Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        AwsStack stack = target.require(AwsStack.class);
        ControlPlane control = target.require(ControlPlane.class);
        Nodes nodes = target.require(Nodes.class);
        Balancer balancer = target.require(Balancer.class);
        List<Node> proms = nodes.nodes(io.stackgate.verify.target.Tier.PROMETHEUS);
        if (proms.size() < 2) {
            return Verdict.skipped("a replacement without losing the datasource needs 2 Prometheus replicas, there are "
                    + proms.size());
        }
        String group = stack.names().asg(Tier.PROMETHEUS);
        String label = target.topology().prometheus().replicaLabel();
        Duration interval = Clocks.scrapeInterval(target);
        Duration window = interval.multipliedBy(WINDOW_INTERVALS);
        String selector = "up{job=\"" + target.topology().prometheus().scrapeJobs().stream().map(ScrapeJob::name)
                .findFirst().orElse("prometheus") + "\"}";
        PrometheusApi datasource = PrometheusApi.at(balancer.datasource());
        // through the query tier, samples are as far apart as Thanos' deduplication leaves them
        double dedupSpacing = SampleGaps.DEDUP_SPACING * interval.toMillis() / 1000.0;
        HistoryBaseline baseline = HistoryBaseline.await(datasource, proms, selector, interval, WINDOW_INTERVALS, label,
                Duration.ofSeconds(15));
        SortedMap<String, List<Double>> before = baseline.series();
        Instant end = baseline.end();

        Node victim = proms.get(proms.size() - 1);
        String old = stack.instanceId(victim).orElseThrow();
        Set<String> members = members(stack, group);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        Map<String, Double> at = new LinkedHashMap<>();
        int gapsBefore = stack.gapsFilled().size();
        long t0 = System.nanoTime();
        Instant terminatedAt = Instant.now();
        ControlPlane.Fault fault = control.terminate(victim);
        evidence.add("TerminateInstanceInAutoScalingGroup " + old + " (" + victim.id() + ", " + fault.zone() + ") in "
                + group + ", desired capacity kept");
        try {
            // the replacement as the group shows it now: on the emulated target moto's may be moved to another AZ
            java.util.function.Supplier<String> replacement = () -> {
                Set<String> now = inService(stack, group);
                now.removeAll(members);
                return now.isEmpty() ? null : now.iterator().next();
            };
            String first = step("a new instance InService in " + group, problems, at, "in_service", t0, replacement);
            if (first == null) {
                return Verdict.of("", problems, evidence);
            }
            String tg = stack.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                    .autoScalingGroups().get(0).targetGroupARNs().stream().findFirst().orElse("");
            String fresh = step("the replacement registered in the Prometheus target group", problems, at, "registered", t0,
                    () -> {
                        String id = replacement.get();
                        return id != null && !tg.isEmpty() && registered(stack, tg).contains(id) ? id : null;
                    });
            if (fresh == null) {
                return Verdict.of("", problems, evidence);
            }
            java.util.function.Supplier<Node> node = () -> {
                String id = replacement.get();
                return id == null ? null : nodes.nodes(io.stackgate.verify.target.Tier.PROMETHEUS).stream()
                        .filter(n -> stack.instanceId(n).filter(id::equals).isPresent()).findFirst().orElse(null);
            };
            Node ready = step("the replacement among the Prometheus nodes and answering /-/ready", problems, at, "ready", t0,
                    () -> {
                        Node n = node.get();
                        return n != null && Http.get(n.resolve("/-/ready"), Duration.ofSeconds(1)).ok() ? n : null;
                    });
            if (ready != null) {
                step("the replacement healthy on the balancer", problems, at, "healthy", t0, () -> {
                    Node n = node.get();
                    return n != null && balancer.inService(n) ? n : null;
                });
                boolean grafanaDown = nodes.nodes(io.stackgate.verify.target.Tier.GRAFANA).isEmpty();
                Node up = step("the replacement's targets up", problems, at, "targets_up", t0, () -> {
                    Node n = node.get();
                    List<PrometheusApi.Target> ts = n == null ? List.of() : PrometheusApi.of(n).targets();
                    return !ts.isEmpty() && ts.stream().allMatch(t -> t.health().equals("up")
                            || (grafanaDown && t.job().equals("grafana"))) ? n : null;
                });
                evidence.add("replacement " + (up != null ? stack.instanceId(up).orElse("?") + " (" + up + ")" : fresh));
                if (up != null) {
                    // through the query tier the history reads below prove something only once query reads it
                    try {
                        if (QueryTierRejoin.await(nodes, label, nodes.replicaOf(up), terminatedAt, step).isPresent()) {
                            at.put("in_query_tier", (System.nanoTime() - t0) / 1e9);
                        }
                    } catch (Wait.WaitTimeoutException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
            step(old + " deregistered from the target group", problems, at, "old_deregistered", t0,
                    () -> tg.isEmpty() || !registered(stack, tg).contains(old) ? old : null);
            double widest = 0;
            for (int read = 1; read <= READS; read++) {
                Optional<SortedMap<String, List<Double>>> after = datasource.rawSamples(selector, window, end, label);
                if (after.isEmpty()) {
                    problems.add("read " + read + " through the datasource gave no usable answer");
                    continue;
                }
                for (String series : before.keySet()) {
                    double gap = SampleGaps.widest(Map.of(series, after.get().getOrDefault(series, List.of())), end, window);
                    widest = Math.max(widest, gap);
                    if (gap > dedupSpacing) {
                        problems.add("read " + read + ": " + series + " has a gap of " + Clocks.fmt(gap) + " s in the "
                                + "history before the replacement");
                    }
                }
            }
            ctx.figure("asg_replacement_history_gap_s", widest);
            evidence.add("history of " + before.size() + " series over " + window.toMillis() + " ms before the fault, "
                    + READS + " reads after: widest gap " + Clocks.fmt(widest) + " s");
        } finally {
            control.rollback(fault);
        }
        double factor = balancer.realClockFactor();
        at.forEach((k, v) -> {
            ctx.figure("asg_replacement_" + k + "_s", v);
            ctx.figure("asg_replacement_" + k + "_real_s", v * factor);
            evidence.add(k.replace('_', ' ') + " after " + Clocks.fmt(v) + " s here, ~" + Clocks.fmt(v * factor)
                    + " s on the topology's clock (balancer factor " + Math.round(factor) + "; instance boot time on AWS "
                    + "comes on top)");
        });
        List<EmulatorGap> gaps = stack.gapsFilled();
        gaps.subList(Math.min(gapsBefore, gaps.size()), gaps.size()).forEach(g -> evidence.add("emulator gap filled: " + g));
        return Verdict.of("replacement InService, registered, ready, healthy and scraping in "
                + Clocks.fmt(at.getOrDefault("targets_up", Double.NaN)) + " s; history complete through the datasource",
                problems, evidence);
    }

    /** Waits for {@code probe} to give a value; records the time; a timeout becomes a problem (null). */
    private <T> T step(String what, List<String> problems, Map<String, Double> at, String key, long t0,
            java.util.function.Supplier<T> probe) {
        try {
            T v = Wait.until(what, step).polling(Duration.ofMillis(100)).on(probe, x -> x != null);
            at.put(key, (System.nanoTime() - t0) / 1e9);
            return v;
        } catch (Wait.WaitTimeoutException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static Set<String> members(AwsStack stack, String group) {
        Set<String> out = new TreeSet<>();
        stack.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups()
                .forEach(g -> g.instances().forEach(i -> out.add(i.instanceId())));
        return out;
    }

    private static Set<String> inService(AwsStack stack, String group) {
        Set<String> out = new TreeSet<>();
        stack.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups()
                .forEach(g -> g.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                        .forEach(i -> out.add(i.instanceId())));
        return out;
    }

    private static Set<String> registered(AwsStack stack, String tg) {
        Set<String> out = new TreeSet<>();
        stack.aws().elb().describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions()
                .forEach(h -> out.add(h.target().id()));
        return out;
    }
}
