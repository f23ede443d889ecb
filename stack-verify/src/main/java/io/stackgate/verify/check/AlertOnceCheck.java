package io.stackgate.verify.check;

import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An alert that fires on every replica produces exactly one notification per group at the
 * receiver within its bound: the replica label is dropped and the Alertmanager cluster deduplicates.
 */
public final class AlertOnceCheck implements Check {
    static final Duration BOUND = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "alert-once";
    }

    /** Raises a probe alert of its own, which no other check counts, and reads the alerting path. */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.ALERTING);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, AlertSink.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        AlertSink sink = target.require(AlertSink.class);
        String probe = "alert-once-" + System.nanoTime();
        java.time.Instant raisedAt = java.time.Instant.now();
        sink.raise(probe, true);
        try {
            List<Notification> got = Notifications.awaitFiring(sink, probe, BOUND);
            double first = Duration.between(raisedAt, got.get(0).receivedAt()).toMillis() / 1000.0;
            ctx.figure("alert_first_notification_s", first);
            List<String> evidence = new ArrayList<>();
            evidence.add("the probe alert fired on " + nodes.nodes(Tier.PROMETHEUS).size() + " replicas, went to "
                    + nodes.nodes(Tier.ALERTMANAGER).size() + " Alertmanagers");
            got.forEach(n -> evidence.add(Notifications.describe(n)));
            if (got.size() == 1) {
                return Verdict.passed(String.format(java.util.Locale.ROOT,
                        "exactly one notification, %.1f s after the alert was raised (none more in the next %.1f s)",
                        first, Notifications.SETTLE.toMillis() / 1000.0), evidence);
            }
            return Verdict.failed("expected exactly one notification for the group but got " + got.size()
                    + ": the replicas' alerts were not deduplicated", evidence);
        } finally {
            sink.raise(probe, false);
        }
    }
}
