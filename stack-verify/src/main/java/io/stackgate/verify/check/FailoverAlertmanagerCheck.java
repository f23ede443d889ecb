package io.stackgate.verify.check;

import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kill one Alertmanager while an alert fires — after the alert reached it, before its group is due
 * (the probe's group is new, so the first flush waits group_wait): the receiver still gets exactly
 * one notification from the surviving cluster.
 */
public final class FailoverAlertmanagerCheck implements Check {
    @Override
    public String name() {
        return "failover-alertmanager";
    }

    /** Kills and replaces an Alertmanager (a scrape target too) and reads the alerting path. */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.ALERTING).disturbing(Footprint.Part.ALERTING, Footprint.Part.SCRAPING);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, ProcessFaults.class, AlertSink.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        ProcessFaults faults = target.require(ProcessFaults.class);
        AlertSink sink = target.require(AlertSink.class);
        List<Node> ams = nodes.nodes(Tier.ALERTMANAGER);
        if (ams.size() < 2) {
            return Verdict.skipped("failover needs at least 2 Alertmanagers, the topology has " + ams.size());
        }
        // the last: which member sends first is decided by the gossip's sorted peer names, not by this order,
        // and the first stays the long-running one that replica-labels reads after this check
        Node victim = ams.get(ams.size() - 1);
        String probe = "failover-alertmanager-" + System.nanoTime();
        List<String> evidence = new ArrayList<>();
        sink.raise(probe, true);
        try {
            Wait.until("the probe alert at " + victim.id(), Duration.ofSeconds(15)).polling(Duration.ofMillis(20))
                    .on(() -> AlertmanagerApi.of(victim).alerts(), as -> as.stream()
                            .anyMatch(a -> probe.equals(a.path("labels").path("probe").asText())));
            faults.kill(victim);
            evidence.add("killed " + victim.id() + " (kill -9) once the alert had reached it");
            List<Notification> got = Notifications.awaitFiring(sink, probe, AlertOnceCheck.BOUND);
            got.forEach(n -> evidence.add(Notifications.describe(n)));
            if (got.size() != 1) {
                for (Node am : ams) {
                    evidence.add("last lines of " + am.id() + "'s log:\n" + nodes.logTail(am, 8));
                }
                return Verdict.failed("expected exactly one notification with " + victim.id() + " dead, got "
                        + got.size(), evidence);
            }
            return Verdict.passed("exactly one notification with " + victim.id() + " killed", evidence);
        } finally {
            sink.raise(probe, false);
            faults.replace(victim);
            evidence.add(victim.id() + " replaced and back in the cluster");
        }
    }
}
