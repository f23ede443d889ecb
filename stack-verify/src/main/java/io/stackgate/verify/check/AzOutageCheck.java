package io.stackgate.verify.check;

import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.verify.api.PrometheusApi;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stack survives the loss of an AZ — the reason it is multi-AZ. Under a steady query load through
 * Grafana's datasource, every node of the AZ holding the most nodes goes down at once (link down,
 * processes killed). While it is gone: queries keep answering (the error window and failed requests of
 * the requests sent during the outage are reported on both clocks and judged as in the failover checks:
 * 0 failed with a query tier, unless the AZ also held a query node, which the balancer fails until its
 * health checks eject it, as in failover-query; requests that happened to be in flight to the AZ when it
 * went silent wait for the balancer's idle timeout and are reported apart), an alert raised during the outage reaches the receiver exactly once, and the
 * surviving Alertmanagers see their cluster shrink. After the AZ returns (the same instances, with their
 * disks): the cluster re-forms with every member, the AZ's replicas are back in the balancer, and the
 * datasource's history over the whole episode — before, during and after the outage — has no hole.
 * With one AZ, or with the datasource reading replicas without deduplication, it fails.
 */
public final class AzOutageCheck implements Check {
    /** Scrape intervals of history before the fault that are compared with what the datasource answers afterwards. */
    static final int HISTORY_BEFORE = 4;
    /** Reads of the history after the AZ returns: enough that round-robin reaches every replica more than once. */
    static final int HISTORY_READS = 6;
    /**
     * A hole is a stretch without a sample longer than this many scrape intervals: the spacing Thanos'
     * deduplication leaves between samples (see {@link SampleGaps#DEDUP_SPACING}); a replica that answers
     * without the outage leaves the whole outage.
     */
    static final double HOLE_INTERVALS = SampleGaps.DEDUP_SPACING;

    @Override
    public String name() {
        return "az-outage";
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
        Map<String, List<Node>> byZone = ZonePhases.byZone(zones, nodes);
        String zone = ZonePhases.mostNodes(byZone);
        List<Node> lost = byZone.get(zone);
        List<Node> ams = nodes.nodes(Tier.ALERTMANAGER);
        List<Node> survivingAms = ams.stream().filter(a -> !lost.contains(a)).toList();
        List<Node> behindBalancer = lost.stream().filter(n -> n.tier() == Tier.PROMETHEUS || n.tier() == Tier.QUERY).toList();
        boolean clustered = t.alertmanager().cluster() && ams.size() > 1;
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        evidence.add("AZ " + zone + " holds " + lost.size() + " of the nodes: " + ZonePhases.ids(lost) + " (AZs: "
                + byZone.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList() + ")");

        Duration interval = ZonePhases.scrapeInterval(target);
        String selector = "up{job=\"" + t.prometheus().scrapeJobs().stream().map(ScrapeJob::name).findFirst()
                .orElse("prometheus") + "\"}";
        PrometheusApi datasource = PrometheusApi.at(balancer.datasource());
        String label = t.prometheus().replicaLabel();
        Duration before = interval.multipliedBy(HISTORY_BEFORE);
        AtomicReference<Instant> ending = new AtomicReference<>();
        SortedMap<String, List<Double>> baseline = Wait.until("the datasource holding " + HISTORY_BEFORE
                        + " complete scrape intervals of " + selector + " before the outage", before.plusSeconds(15))
                .polling(Duration.ofMillis(250)).on(() -> {
                    ending.set(Instant.now().minus(interval));
                    return datasource.rawSamples(selector, before, ending.get(), label).orElse(new TreeMap<>());
                }, s -> !s.isEmpty() && SampleGaps.widest(s, ending.get(), before) <= HistoryCheck.MAX_SPACING * seconds(interval));
        Instant historyFrom = ending.get().minus(before);

        String probe = "az-outage-" + System.nanoTime();
        double faultAt;
        Double ejectedAt = null;
        Double restoredAt = null;
        Double recoveredAt = null;
        Map<String, Double> timings = new LinkedHashMap<>();
        AtomicReference<Instant> restoreInstant = new AtomicReference<>();
        List<Load.Outcome> outcomes;
        try (Load load = LoadPhases.start(balancer)) {
            LoadPhases.runUntil(load, 0.5, "half a second of load before the AZ outage");
            faultAt = load.now();
            Instant outageInstant = Instant.now();
            try {
                zones.outage(zone);
                evidence.add("AZ " + zone + " out at " + LoadPhases.fmt(faultAt) + " s: link down, " + lost.size()
                        + " nodes killed");
                sink.raise(probe, true);
                Instant raisedAt = Instant.now();
                // the waits below overlap: the balancer ejects within its check window, the cluster shrinks within
                // memberlist's suspicion timeout, and the alert is delivered meanwhile; each is judged on its own
                ejectedAt = awaitOut(balancer, behindBalancer, load, problems);
                if (ejectedAt != null) {
                    evidence.add("the lost nodes behind the balancer were out of service " + LoadPhases.fmt(ejectedAt - faultAt)
                            + " s after the outage began");
                }
                if (clustered && !survivingAms.isEmpty()) {
                    Map<String, Integer> shrunk = new LinkedHashMap<>();
                    survivingAms.forEach(a -> shrunk.put(a.id(), survivingAms.size()));
                    ZonePhases.ClusterWait w = ZonePhases.awaitClusterSizes(survivingAms, shrunk,
                            "the surviving Alertmanagers seeing a cluster of " + survivingAms.size(), outageInstant);
                    evidence.add(w.describe("the cluster shrank to " + survivingAms.size()));
                    if (w.reached()) {
                        timings.put("az_outage_cluster_shrink_s", w.seconds());
                    } else {
                        problems.add("the surviving Alertmanagers " + ZonePhases.ids(survivingAms) + " still count the lost"
                                + " peers after " + ZonePhases.CLUSTER_CHANGE.toSeconds() + " s: " + w.views());
                    }
                }
                judgeDelivery(sink, probe, raisedAt, survivingAms, problems, evidence);
                LoadPhases.runUntil(load, load.now() + 0.3, "a third of a second of load with the AZ gone");
            } finally {
                sink.raise(probe, false);
                restoredAt = load.now();
                restoreInstant.set(Instant.now());
                zones.restore(zone);
            }
            timings.put("az_outage_restore_s", load.now() - restoredAt);
            evidence.add("AZ " + zone + " restored at " + LoadPhases.fmt(restoredAt) + " s; its nodes were ready "
                    + LoadPhases.fmt(load.now() - restoredAt) + " s later, on their own disks");
            recoveredAt = awaitIn(balancer, behindBalancer, load, problems);
            // the history below is read through the query tier: only once it reads the returned replicas again
            for (Node p : ZonePhases.of(lost, Tier.PROMETHEUS)) {
                try {
                    QueryTierRejoin.await(nodes, t.prometheus().replicaLabel(), nodes.replicaOf(p), restoreInstant.get(),
                            Duration.ofSeconds(15)).ifPresent(s -> evidence.add(String.format(Locale.ROOT,
                                    "%s read by every query node again %.2f s later", p.id(), s)));
                } catch (Wait.WaitTimeoutException e) {
                    problems.add("the query tier did not read " + p.id() + " again after the AZ returned: " + e.getMessage());
                }
            }
            if (clustered) {
                Map<String, Integer> whole = new LinkedHashMap<>();
                ams.forEach(a -> whole.put(a.id(), ams.size()));
                ZonePhases.ClusterWait w = ZonePhases.awaitClusterSizes(ams, whole, "every Alertmanager seeing all "
                        + ams.size() + " peers again", restoreInstant.get());
                evidence.add(w.describe("the cluster re-formed with " + ams.size()));
                if (w.reached()) {
                    timings.put("az_outage_cluster_reform_s", w.seconds());
                } else {
                    problems.add("the Alertmanager cluster did not re-form after the AZ returned: " + w.views());
                }
            }
            LoadPhases.runUntil(load, load.now() + 0.3, "a third of a second of load after the AZ returned");
            outcomes = load.stop();
        }
        double factor = balancer.realClockFactor();
        ClientView seen = ClientView.of(outcomes, faultAt);
        ctx.timeline(Load.timeline(name(), "AZ outage " + zone + " " + ZonePhases.ids(lost), outcomes, 0.25, faultAt,
                ejectedAt, recoveredAt));
        seen.record(ctx, "az_outage_", factor);
        timings.forEach(ctx::figure);
        evidence.add(seen.describe(factor) + ", through " + balancer.datasource());
        evidence.add(seen.onAws(factor));
        evidence.addAll(LoadPhases.failureSamples(outcomes));
        boolean lostAQueryNode = lost.stream().anyMatch(n -> n.tier() == Tier.QUERY);
        OptionalInt allowed = lostAQueryNode ? t.loadBalancers().explicitMaxFailedRequests() : t.maxFailedRequests();
        if (lostAQueryNode) {
            evidence.add("the AZ held a query node: the balancer (ALB semantics) fails what it sends there until its"
                    + " health checks eject it, as in failover-query; failed requests are judged against"
                    + " loadBalancers.maxFailedRequests only when the topology sets it");
        }
        // Requests in flight to the AZ when it went silent get no answer until the balancer's idle timeout (an
        // ALB answers them 504 after 60 s; it never retries): whether the load had one in flight at that instant is
        // chance, so they are reported, and the window is judged on the requests sent after the outage began.
        List<Load.Outcome> inFlight = outcomes.stream().filter(o -> o.start() < faultAt && o.end() >= faultAt)
                .filter(Load.Outcome::failed).toList();
        ClientView after = ClientView.of(outcomes.stream().filter(o -> o.start() >= faultAt).toList(), faultAt);
        problems.addAll(0, LoadPhases.judge(t, after, factor, "AZ " + zone + " was out", allowed));
        String hung = "";
        if (!inFlight.isEmpty()) {
            double longest = inFlight.stream().mapToDouble(Load.Outcome::latency).max().orElse(0);
            hung = String.format(Locale.ROOT, "; %d requests in flight to the AZ when it went silent failed after up to"
                    + " %.1f s (%.0f s on the topology's clock: the balancer answers them only when its idle timeout"
                    + " expires)", inFlight.size(), longest, ClientView.real(longest, factor));
            evidence.add(0, hung.substring(2) + "; the error window is judged on the " + after.requests()
                    + " requests sent after the outage began: " + after.describe(factor));
        }
        double gap = judgeHistory(target, datasource, selector, label, baseline, historyFrom, interval, problems, evidence);
        ctx.figure("az_outage_history_gap_s", gap);
        if (!problems.isEmpty()) {
            for (Node n : lost) {
                if (n.tier() == Tier.PROMETHEUS || n.tier() == Tier.ALERTMANAGER) {
                    evidence.add("last lines of " + n.id() + "'s log:\n" + nodes.logTail(n, 8));
                }
            }
        }
        return Verdict.of("AZ " + zone + " lost (" + lost.size() + " nodes): " + after.failed() + " of " + after.requests()
                + " requests sent during the outage failed; " + after.onAws(factor) + hung + "; the alert raised meanwhile"
                + " was delivered once; the AZ rejoined with its history complete" + LoadPhases.balancerNote(t),
                problems, evidence);
    }

    /** Exactly one notification of the probe raised during the outage. */
    private static void judgeDelivery(AlertSink sink, String probe, Instant raisedAt, List<Node> survivingAms,
            List<String> problems, List<String> evidence) {
        try {
            List<Notification> got = Notifications.awaitFiring(sink, probe, AlertOnceCheck.BOUND);
            got.forEach(n -> evidence.add(String.format(Locale.ROOT, "%.2f s after it was raised: %s",
                    Duration.between(raisedAt, n.receivedAt()).toMillis() / 1000.0, Notifications.describe(n))));
            if (got.size() != 1) {
                problems.add("expected exactly one notification for the alert raised during the outage, got " + got.size());
            }
        } catch (Wait.WaitTimeoutException e) {
            problems.add("the alert raised during the outage was never delivered (" + survivingAms.size()
                    + " Alertmanagers left outside the lost AZ): " + e.getMessage());
        }
    }

    /** When every lost node behind the balancer was out of service, or null (and a problem) when not in time. */
    private static Double awaitOut(Balancer balancer, List<Node> lost, Load load, List<String> problems) {
        if (lost.isEmpty()) {
            return null;
        }
        try {
            Wait.until(ZonePhases.ids(lost) + " taken out of the balancer", balancer.checkWindow().multipliedBy(2)
                    .plusSeconds(5)).polling(Duration.ofMillis(20))
                    .on(() -> lost.stream().filter(balancer::inService).map(Node::id).toList(), List::isEmpty);
            return load.now();
        } catch (Wait.WaitTimeoutException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static Double awaitIn(Balancer balancer, List<Node> back, Load load, List<String> problems) {
        if (back.isEmpty()) {
            return null;
        }
        try {
            Wait.until(ZonePhases.ids(back) + " back in the balancer", Duration.ofSeconds(15)).polling(Duration.ofMillis(50))
                    .on(() -> back.stream().filter(n -> !balancer.inService(n)).map(Node::id).toList(), List::isEmpty);
            return load.now();
        } catch (Wait.WaitTimeoutException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * Reads, through the datasource, every series that was complete before the outage over the whole
     * episode (from before the fault to after the return), {@link #HISTORY_READS} times; each read must
     * hold each series without a hole. Returns the widest gap seen.
     */
    private static double judgeHistory(Target target, PrometheusApi datasource, String selector, String label,
            SortedMap<String, List<Double>> baseline, Instant from, Duration interval, List<String> problems,
            List<String> evidence) {
        Instant end = Instant.now().minus(interval);
        Duration window = Duration.between(from, end);
        double hole = HOLE_INTERVALS * seconds(interval);
        double widest = 0;
        int incomplete = 0;
        for (int read = 1; read <= HISTORY_READS; read++) {
            Optional<SortedMap<String, List<Double>>> after = datasource.rawSamples(selector, window, end, label);
            if (after.isEmpty()) {
                problems.add("history read " + read + ": the datasource gave no usable answer");
                incomplete++;
                continue;
            }
            for (String series : baseline.keySet()) {
                List<Double> samples = after.get().getOrDefault(series, List.of());
                double gap = SampleGaps.widest(Map.of(series, samples), end, window);
                widest = Math.max(widest, gap);
                if (gap > hole) {
                    incomplete++;
                    if (incomplete <= 5) {
                        problems.add(String.format(Locale.ROOT, "history read %d: %s has a hole of %.2f s (%.0f scrape"
                                + " intervals) across the outage", read, series, gap, gap / seconds(interval)));
                    }
                }
            }
        }
        double realFactor = target.topology().prometheus().scrapeInterval().seconds() / seconds(interval);
        evidence.add(String.format(Locale.ROOT, "history of %s over %.1f s from before the outage to after the return,"
                + " read %d times through %s: widest gap %.2f s here (%.0f s on the topology's clock)%s", selector,
                seconds(window), HISTORY_READS, datasource, widest, widest * realFactor,
                incomplete == 0 ? "" : ", " + incomplete + " incomplete reads" + (target.topology().query().enabled() ? ""
                        : " (query.layer is none: the returned replica answers its share with the outage missing)")));
        return widest;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
