package io.stackgate.verify.check;

import io.stackgate.verify.api.ThanosApi;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A replica is back in Grafana's datasource path only when every query node reads it again: through a
 * query tier the balancer's health of the replica says nothing about it, and a history read made before
 * query checked the fresh sidecar reads the survivors alone (partial response) and proves nothing.
 */
public final class QueryTierRejoin {
    private QueryTierRejoin() {
    }

    /**
     * Waits until every query node has checked, at or after {@code since}, a healthy store that announces
     * {@code label=replica}; returns the seconds waited, or empty at once when the target has no query
     * nodes (no query tier, or none reachable).
     *
     * @throws Wait.WaitTimeoutException with what each query node last said
     */
    public static OptionalDouble await(Nodes nodes, String label, String replica, Instant since, Duration timeout) {
        List<Node> queries = nodes.nodes(Tier.QUERY);
        long t0 = System.nanoTime();
        if (queries.isEmpty()) {
            return OptionalDouble.empty();
        }
        Wait.until("every query node (" + queries.stream().map(Node::id).toList() + ") reading the store of " + label
                + "=" + replica + " again", timeout).polling(Duration.ofMillis(50)).on(() -> views(queries, label, replica,
                since), v -> v.values().stream().allMatch("healthy"::equals));
        return OptionalDouble.of((System.nanoTime() - t0) / 1e9);
    }

    /** Per query node: "healthy", or what it says about the replica's store. */
    private static Map<String, String> views(List<Node> queries, String label, String replica, Instant since) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node q : queries) {
            List<ThanosApi.Store> mine = ThanosApi.of(q).stores().stream().filter(s -> s.announces(label, replica)).toList();
            String view = mine.isEmpty() ? "no store announces it"
                    : mine.stream().anyMatch(s -> s.healthy() && !s.lastCheck().isBefore(since)) ? "healthy"
                    : mine.stream().map(s -> s.name() + " checked " + s.lastCheck()
                            + (s.healthy() ? "" : " (" + s.lastError() + ")")).toList().toString();
            out.put(q.id(), view);
        }
        return out;
    }
}
