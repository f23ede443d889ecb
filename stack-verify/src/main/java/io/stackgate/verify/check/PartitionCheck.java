package io.stackgate.verify.check;

import io.stackgate.model.Topology;
import io.stackgate.verify.load.Load;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.target.ZoneFaults;
import io.stackgate.verify.wait.Wait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's contract under a network partition is to fail open. One AZ is cut from the others
 * (both sides running, each with a Prometheus replica and an Alertmanager, the receiver reachable from
 * both) for longer than the gossip takes to notice (the side outside the AZ drops the cut-off members),
 * and an alert fires on both sides: it must reach the
 * receiver at least once — duplicates (one per side) are allowed and counted, a miss fails. After the
 * heal the cluster must re-form with every member, and an alert raised then must arrive exactly once:
 * the duplicates stop. Queries through the datasource keep answering meanwhile (judged as in the
 * failover checks). Without a gossip cluster the Alertmanagers never deduplicate: FAILED.
 */
public final class PartitionCheck implements Check {
    @Override
    public String name() {
        return "partition";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, ZoneFaults.class, Balancer.class, AlertSink.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        ZoneFaults zones = target.require(ZoneFaults.class);
        Balancer balancer = target.require(Balancer.class);
        AlertSink sink = target.require(AlertSink.class);
        Topology t = target.topology();
        if (zones.zones().size() < 2) {
            return Verdict.skipped("a partition needs at least 2 AZs, the topology has " + zones.zones().size());
        }
        Map<String, List<Node>> byZone = ZonePhases.byZone(zones, nodes);
        String cut = null;
        for (String z : zones.zones()) {
            if (bothSidesAlert(byZone, z)) {
                cut = z; // the last such AZ: the smaller side is the one cut off in a typical layout
            }
        }
        if (cut == null) {
            return Verdict.skipped("no AZ can be cut off with a Prometheus replica and an Alertmanager on both sides ("
                    + byZone.entrySet().stream().map(e -> e.getKey() + "=" + ZonePhases.ids(e.getValue())).toList() + ")");
        }
        List<Node> ams = nodes.nodes(Tier.ALERTMANAGER);
        List<Node> cutAms = ZonePhases.of(byZone.get(cut), Tier.ALERTMANAGER);
        List<Node> otherAms = ams.stream().filter(a -> !cutAms.contains(a)).toList();
        boolean clustered = t.alertmanager().cluster() && ams.size() > 1;
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        String during = "partition-" + System.nanoTime();
        String after = during + "-healed";
        double faultAt;
        Double splitAt = null;
        Double recoveredAt = null;
        int duplicates = -1;
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.5, "half a second of load before the partition");
            faultAt = load.now();
            Instant cutAt = Instant.now();
            try {
                zones.partition(cut);
            } catch (UnsupportedOperationException e) {
                return Verdict.skipped("AZ " + cut + " cannot be partitioned here: " + e.getMessage());
            }
            evidence.add("AZ " + cut + " cut from the others at " + LoadPhases.fmt(faultAt) + " s: "
                    + ZonePhases.ids(byZone.get(cut)) + " on one side, Alertmanagers " + ZonePhases.ids(otherAms)
                    + " on the other");
            try {
                // raised at once: the alert reaches both sides' Alertmanagers while the gossip notices the cut
                sink.raise(during, true);
                if (clustered) {
                    // the majority side confirms its suspicions among itself and drops the cut-off members within
                    // the gossip timeouts; a member cut off alone gets no confirmations and waits the longest
                    // suspicion timeout (memberlist's Lifeguard), so only its view is reported
                    Map<String, Integer> split = new LinkedHashMap<>();
                    otherAms.forEach(a -> split.put(a.id(), otherAms.size()));
                    ZonePhases.ClusterWait w = ZonePhases.awaitClusterSizes(otherAms, split, "the Alertmanagers outside"
                            + " AZ " + cut + " seeing only each other", cutAt);
                    evidence.add(w.describe("the cluster split (the side outside " + cut + " sees " + otherAms.size()
                            + ")"));
                    evidence.add("the cut-off side sees: " + ZonePhases.clusterViews(cutAms));
                    if (w.reached()) {
                        splitAt = load.now();
                        ctx.figure("partition_split_detected_s", splitAt - faultAt);
                    } else {
                        problems.add("the Alertmanagers outside AZ " + cut + " still count its members after "
                                + ZonePhases.CLUSTER_CHANGE.toSeconds() + " s: " + w.views());
                    }
                }
                try {
                    List<Notification> got = Notifications.awaitFiring(sink, during, AlertOnceCheck.BOUND);
                    got.forEach(n -> evidence.add("during the partition: " + Notifications.describe(n)));
                    duplicates = got.size() - 1;
                } catch (Wait.WaitTimeoutException e) {
                    problems.add("the alert that fired on both sides of the partition was never delivered (a miss): "
                            + e.getMessage());
                }
            } finally {
                sink.raise(during, false);
                zones.heal(cut);
            }
            double healedAt = load.now();
            Instant healInstant = Instant.now();
            evidence.add("healed at " + LoadPhases.fmt(healedAt) + " s");
            if (!clustered) {
                problems.add("the " + ams.size() + " Alertmanagers run without a gossip cluster (alertmanager.cluster: "
                        + t.alertmanager().cluster() + "): there is no cluster to re-form after the heal, and nothing"
                        + " deduplicates their notifications");
            } else {
                Map<String, Integer> whole = new LinkedHashMap<>();
                ams.forEach(a -> whole.put(a.id(), ams.size()));
                ZonePhases.ClusterWait w = ZonePhases.awaitClusterSizes(ams, whole, "every Alertmanager seeing all "
                        + ams.size() + " peers after the heal", healInstant);
                evidence.add(w.describe("the cluster re-formed with " + ams.size()));
                if (w.reached()) {
                    recoveredAt = load.now();
                    ctx.figure("partition_reform_s", recoveredAt - healedAt);
                } else {
                    problems.add("the Alertmanager cluster did not re-form after the heal: " + w.views());
                }
            }
            sink.raise(after, true);
            try {
                List<Notification> got = Notifications.awaitFiring(sink, after, AlertOnceCheck.BOUND);
                got.forEach(n -> evidence.add("after the heal: " + Notifications.describe(n)));
                if (got.size() != 1) {
                    problems.add("duplicates did not stop after the heal: an alert raised then was delivered " + got.size()
                            + " times, expected once (the Alertmanagers do not deduplicate as one cluster)");
                }
            } catch (Wait.WaitTimeoutException e) {
                problems.add("an alert raised after the heal was never delivered: " + e.getMessage());
            } finally {
                sink.raise(after, false);
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "a third of a second of load after the heal");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        ctx.timeline(Load.timeline(name(), "partition " + cut + " " + ZonePhases.ids(byZone.get(cut)), outcomes, 0.25,
                faultAt, splitAt, recoveredAt));
        seen.record(ctx, "partition_", factor);
        if (duplicates >= 0) {
            ctx.figure("partition_duplicate_notifications", duplicates);
        }
        evidence.add(seen.describe(factor) + ", through " + balancer.datasource());
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        problems.addAll(0, LoadPhases.judge(t, seen, factor, "AZ " + cut + " was cut off", t.maxFailedRequests()));
        if (!problems.isEmpty()) {
            for (Node am : ams) {
                evidence.add("last lines of " + am.id() + "'s log:\n" + nodes.logTail(am, 8));
            }
        }
        return Verdict.of("AZ " + cut + " cut off: the alert firing on both sides was delivered " + (duplicates + 1)
                + " time(s) (" + duplicates + " duplicate(s), allowed: Alertmanager fails open); after the heal the cluster"
                + " re-formed and the next alert came once", problems, evidence);
    }

    /** Whether cutting {@code zone} leaves a Prometheus replica and an Alertmanager on both sides. */
    private static boolean bothSidesAlert(Map<String, List<Node>> byZone, String zone) {
        List<Node> inside = byZone.get(zone);
        List<Node> outside = byZone.entrySet().stream().filter(e -> !e.getKey().equals(zone))
                .flatMap(e -> e.getValue().stream()).toList();
        return alerts(inside) && alerts(outside);
    }

    private static boolean alerts(List<Node> side) {
        return !ZonePhases.of(side, Tier.PROMETHEUS).isEmpty() && !ZonePhases.of(side, Tier.ALERTMANAGER).isEmpty();
    }
}
