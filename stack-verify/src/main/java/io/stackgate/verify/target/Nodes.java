package io.stackgate.verify.target;

import java.util.List;
import java.util.Optional;

/** The running nodes by tier, each with its typed endpoints, and what a node was started with. */
public interface Nodes extends Capability {
    /** The running nodes of a tier, in index order; empty when the tier does not run here. */
    List<Node> nodes(Tier tier);

    /** Why a tier does not run on this target (e.g. no Grafana binary), or empty when it runs. */
    Optional<String> unavailable(Tier tier);

    /** The value of the replica label a Prometheus node was started with. */
    String replicaOf(Node node);

    /** The last lines of a node's log (empty when logs are not reachable). */
    String logTail(Node node, int lines);
}
