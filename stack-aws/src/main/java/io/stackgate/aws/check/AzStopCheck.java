package io.stackgate.aws.check;

import io.stackgate.aws.target.AwsStack;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.check.Notifications;
import io.stackgate.verify.load.Load;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stops every stack instance of one AZ through the API (StopInstances) under a steady query load through
 * Grafana's datasource: once the balancer has taken the zone's nodes out, every query must be answered;
 * a probe alert raised while the zone is down must reach the receiver exactly once; then the instances are
 * started again and must come back. Failures before the ejection are the balancer's check window (ALB
 * semantics), reported on both clocks and held against {@code failoverBudgetSeconds}. The zone is the one
 * whose loss hurts most (most Prometheus and query nodes), unless one is given.
 */
public final class AzStopCheck implements Check {
    static final int RATE = 50;
    static final Duration DELIVERY = Duration.ofSeconds(20);
    /** From StopInstances to the zone's processes gone (the instance agent follows the emulator's state). */
    static final Duration STOP = Duration.ofSeconds(30);
    private final Optional<String> zone;

    public AzStopCheck() {
        this(Optional.empty());
    }

    /** Stops {@code zone} instead of choosing one. */
    public AzStopCheck(Optional<String> zone) {
        this.zone = zone;
    }

    @Override
    public String name() {
        return "az-stop";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsStack.class, ControlPlane.class, Nodes.class, Balancer.class, AlertSink.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        AwsStack stack = target.require(AwsStack.class);
        ControlPlane control = target.require(ControlPlane.class);
        Nodes nodes = target.require(Nodes.class);
        Balancer balancer = target.require(Balancer.class);
        AlertSink sink = target.require(AlertSink.class);
        List<Node> served = new ArrayList<>(nodes.nodes(Tier.PROMETHEUS));
        served.addAll(nodes.nodes(Tier.QUERY));
        String stop = zone.orElseGet(() -> worst(target, stack, served));
        List<Node> inZone = served.stream().filter(n -> stack.zoneOf(n).filter(stop::equals).isPresent()).toList();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        Duration window = balancer.checkWindow();
        URI query = URI.create(balancer.datasource().toString().replaceAll("/$", "") + "/api/v1/query?query=up");
        String probe = "az-stop-" + System.nanoTime();
        double faultAt;
        Double ejectedAt = null;
        double stoppedAt = Double.NaN;
        List<Load.Outcome> outcomes;
        ControlPlane.Fault fault = null;
        try (Load load = Load.start(query, RATE, Duration.ofSeconds(10), Duration.ofSeconds(90))) {
            until(load, 0.5);
            faultAt = load.now();
            fault = control.stopZone(stop);
            // raised at once: the alert has to find its way while the zone goes down, not after
            sink.raise(probe, true);
            evidence.add("StopInstances in " + stop + ": " + fault.instanceIds() + " (nodes behind the balancer there: "
                    + inZone.stream().map(Node::id).toList() + ")");
            try {
                // the instances stop when the emulator (or EC2) says so, then the balancer's checks take them out
                Wait.until("every node of " + stop + " stopped", STOP).polling(Duration.ofMillis(20))
                        .on(() -> inZone.stream().noneMatch(n -> Http.get(n.resolve("/-/ready"), Duration.ofMillis(500)).ok()),
                                down -> down);
                stoppedAt = load.now();
                Wait.until("every node of " + stop + " out of the balancer", window.multipliedBy(2).plusSeconds(5))
                        .polling(Duration.ofMillis(20))
                        .on(() -> inZone.stream().noneMatch(balancer::inService), out -> out);
                ejectedAt = load.now();
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
            try {
                List<Notification> got = Notifications.awaitFiring(sink, probe, DELIVERY);
                got.forEach(n -> evidence.add("notification " + n.receiver() + " " + n.status() + " at " + n.receivedAt()));
                if (got.size() != 1) {
                    problems.add("expected exactly one notification of the probe alert with " + stop + " stopped, got "
                            + got.size());
                }
            } catch (Wait.WaitTimeoutException e) {
                problems.add("the probe alert raised with " + stop + " stopped was never delivered: " + e.getMessage());
            }
            // at least a second of load after the ejection, to see that the other AZs answer on their own
            if (ejectedAt != null) {
                until(load, ejectedAt + 1.0);
            }
            outcomes = load.stop();
        } finally {
            sink.raise(probe, false);
            if (fault != null) {
                control.rollback(fault);
            }
        }
        evidence.add("started " + fault.instanceIds() + " again (StartInstances)");
        for (Node n : inZone) {
            try {
                Wait.until(n.id() + " back in the balancer after the start", Duration.ofSeconds(30))
                        .polling(Duration.ofMillis(100)).on(() -> Http.get(n.resolve("/-/ready"), Duration.ofSeconds(1)).ok()
                                && balancer.inService(n), in -> in);
            } catch (Wait.WaitTimeoutException e) {
                problems.add(e.getMessage());
            }
        }
        double ejected = ejectedAt == null ? Double.NaN : ejectedAt;
        long failed = outcomes.stream().filter(Load.Outcome::failed).count();
        long failedAfter = outcomes.stream().filter(o -> o.failed() && !Double.isNaN(ejected) && o.start() > ejected + 0.2)
                .count();
        // the client's error window: first to last failed answer (the stop itself takes the emulator a while)
        double firstFailure = outcomes.stream().filter(Load.Outcome::failed).mapToDouble(Load.Outcome::start).min().orElse(0);
        double lastFailure = outcomes.stream().filter(Load.Outcome::failed).mapToDouble(Load.Outcome::end).max().orElse(0);
        double errorWindow = Math.max(0, lastFailure - firstFailure);
        if (!Double.isNaN(stoppedAt)) {
            ctx.figure("az_stop_stopped_s", stoppedAt - faultAt);
            evidence.add("the zone's nodes stopped answering " + Clocks.fmt(stoppedAt - faultAt) + " s after StopInstances"
                    + (ejectedAt == null ? "" : ", out of the balancer " + Clocks.fmt(ejectedAt - stoppedAt) + " s later"));
        }
        double factor = balancer.realClockFactor();
        ctx.timeline(Load.timeline(name(), "stop " + stop, outcomes, 0.25, faultAt, ejectedAt, null));
        ctx.figure("az_stop_failed_requests", failed);
        ctx.figure("az_stop_error_window_s", errorWindow);
        ctx.figure("az_stop_error_window_real_s", errorWindow * factor);
        evidence.add(failed + " of " + outcomes.size() + " queries failed, within " + Clocks.fmt(errorWindow)
                + " s (~" + Clocks.fmt(errorWindow * factor) + " s on the topology's clock: the balancer's "
                + "check window, " + window.toMillis() + " ms here); " + failedAfter + " failed after the ejection");
        if (failedAfter > 0) {
            problems.add(failedAfter + " queries failed after the balancer had taken " + stop + "'s nodes out: the other "
                    + "AZs do not answer on their own");
        }
        if (outcomes.stream().noneMatch(o -> !o.failed())) {
            problems.add("no query was answered while " + stop + " was stopped");
        }
        int budget = target.topology().loadBalancers().failoverBudgetSeconds();
        if (errorWindow * factor > budget) {
            problems.add("the error window, ~" + Clocks.fmt(errorWindow * factor) + " s on the topology's clock, is over "
                    + "failoverBudgetSeconds " + budget);
        }
        return Verdict.of("with " + stop + " stopped, queries kept answering once its nodes were out (" + failed
                + " failed within " + Clocks.fmt(errorWindow) + " s, ~" + Clocks.fmt(errorWindow * factor)
                + " s on AWS) and the alert was delivered once", problems, evidence);
    }

    /** The zone with the most Prometheus and query nodes (the topology's first on a tie). */
    private static String worst(Target target, AwsStack stack, List<Node> served) {
        Map<String, Integer> count = new TreeMap<>();
        target.topology().availabilityZones().forEach(z -> count.put(z, 0));
        served.forEach(n -> stack.zoneOf(n).ifPresent(z -> count.merge(z, 1, Integer::sum)));
        return target.topology().availabilityZones().stream()
                .max(Comparator.comparingInt((String z) -> count.get(z))
                        .thenComparing(Comparator.comparingInt(z -> -target.topology().availabilityZones().indexOf(z))))
                .orElseThrow();
    }

    private static void until(Load load, double seconds) {
        Wait.until("load running until " + seconds + " s", Duration.ofMillis((long) (seconds * 1000) + 5_000))
                .polling(Duration.ofMillis(20)).on(load::now, t -> t >= seconds);
    }
}
