package io.stackgate.verify.check;

import io.stackgate.model.PromDuration;
import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.target.ZoneFaults;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the AZ checks share: which nodes live in which AZ, and the Alertmanager cluster as each member sees it. */
final class ZonePhases {
    /** The tiers whose nodes live in an AZ (the balancer is regional). */
    static final List<Tier> ZONED = List.of(Tier.PROMETHEUS, Tier.QUERY, Tier.ALERTMANAGER, Tier.GRAFANA,
            Tier.GLOBAL_PROMETHEUS, Tier.EXPORTER);
    /** Memberlist marks an unreachable peer dead after its probe and suspicion timeouts (a few seconds here). */
    static final Duration CLUSTER_CHANGE = Duration.ofSeconds(20);

    private ZonePhases() {
    }

    /** Every node of an AZ tier, by AZ, in the AZs' order (an AZ without nodes maps to an empty list). */
    static Map<String, List<Node>> byZone(ZoneFaults zones, Nodes nodes) {
        Map<String, List<Node>> out = new LinkedHashMap<>();
        zones.zones().forEach(z -> out.put(z, new ArrayList<>()));
        for (Tier tier : ZONED) {
            for (Node n : nodes.nodes(tier)) {
                out.get(zones.zoneOf(n)).add(n);
            }
        }
        return out;
    }

    /** The AZ holding the most nodes (the first of equals): losing it costs the most. */
    static String mostNodes(Map<String, List<Node>> byZone) {
        String best = null;
        for (Map.Entry<String, List<Node>> e : byZone.entrySet()) {
            if (best == null || e.getValue().size() > byZone.get(best).size()) {
                best = e.getKey();
            }
        }
        return best;
    }

    static List<Node> of(List<Node> nodes, Tier tier) {
        return nodes.stream().filter(n -> n.tier() == tier).toList();
    }

    static String ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList().toString();
    }

    /** {@code status/peers} of each Alertmanager's cluster, as it sees it (e.g. {@code ready/3}). */
    static Map<String, String> clusterViews(List<Node> alertmanagers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node am : alertmanagers) {
            String status;
            try {
                status = AlertmanagerApi.of(am).clusterStatus();
            } catch (RuntimeException e) {
                status = "unreachable: " + e.getMessage();
            }
            out.put(am.id(), status);
        }
        return out;
    }

    /** How many peers an Alertmanager's view holds, -1 when it did not answer with one. */
    static int peers(String view) {
        Matcher m = Pattern.compile("^\\w+/(\\d+)$").matcher(view);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** What a wait on the cluster's membership saw: whether it got there, how long it took, the last views. */
    record ClusterWait(boolean reached, double seconds, Map<String, String> views) {
        String describe(String what) {
            return (reached ? what + " after " + LoadPhases.fmt(seconds) + " s" : what + " did not happen within "
                    + CLUSTER_CHANGE.toSeconds() + " s") + "; views: " + views;
        }
    }

    /**
     * Waits until each of {@code members} sees a cluster of {@code expected.get(id)} peers, bounded by
     * {@link #CLUSTER_CHANGE} from now; the seconds are counted from {@code since} (the fault or the heal
     * that changes the membership, which may lie before this wait); a timeout is returned (with the last
     * views), not thrown.
     */
    static ClusterWait awaitClusterSizes(List<Node> members, Map<String, Integer> expected, String what, Instant since) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        boolean reached;
        try {
            Wait.until(what, CLUSTER_CHANGE).polling(Duration.ofMillis(100)).on(() -> {
                last.set(clusterViews(members));
                return last.get();
            }, v -> v.entrySet().stream().allMatch(e -> peers(e.getValue()) == expected.get(e.getKey())));
            reached = true;
        } catch (Wait.WaitTimeoutException e) {
            reached = false;
        }
        return new ClusterWait(reached, Duration.between(since, Instant.now()).toMillis() / 1000.0, last.get());
    }

    /** The scrape interval the target runs with (compressed on the local target). */
    static Duration scrapeInterval(Target target) {
        String path = "config/prometheus/prometheus.yml";
        String yaml = target.bundle().has(path) ? target.bundle().text(path) : "";
        Matcher m = Pattern.compile("scrape_interval: (\\S+)").matcher(yaml);
        return m.find() ? PromDuration.parse(m.group(1)).value() : target.topology().prometheus().scrapeInterval().value();
    }
}
