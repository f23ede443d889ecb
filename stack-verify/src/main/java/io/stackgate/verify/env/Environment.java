package io.stackgate.verify.env;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running stack that checks and faults are written against, once: the local replica of real
 * binaries, containers, or a live deployment. Nodes are reached by tier; faults act on one node.
 */
public interface Environment extends AutoCloseable {
    /** local | docker | live */
    String target();

    Topology topology();

    /** The configuration the nodes run (for the local replica: with loopback addresses). */
    Bundle bundle();

    /** The running nodes of a tier, in index order; empty when the tier does not run here. */
    List<Node> nodes(Tier tier);

    /** Why a tier does not run on this target (e.g. no Grafana binary), or empty when it runs. */
    Optional<String> unavailable(Tier tier);

    /** The internal load balancer in front of the Prometheus replicas (Grafana's datasource). */
    URI prometheusLoadBalancer();

    /** How long the balancer may take to take a dead node out: health-check interval × unhealthy threshold. */
    Duration checkWindow();

    /**
     * The longest a request through the balancer may take while one replica hangs: the balancer's
     * server timeout plus one retry on another replica.
     */
    Duration hungRequestBudget();

    /** Whether the load balancer currently sends traffic to {@code node}. */
    boolean inService(Node node);

    /** The value of the replica label a Prometheus node was started with. */
    String replicaOf(Node node);

    /** Kills the node's process the hard way (SIGKILL / instance terminated). */
    void kill(Node node);

    /** Makes the node hang (SIGSTOP): sockets open, no answers. */
    void freeze(Node node);

    /** Undoes {@link #freeze(Node)}. */
    void resume(Node node);

    /** Starts a fresh instance in the node's place, as the auto-scaling group would (new, empty disk). */
    void replace(Node node);

    /** Writes the one shared Prometheus configuration file every replica reads. */
    void writePrometheusConfig(String yaml);

    /** The shared Prometheus configuration as it is now. */
    String prometheusConfig();

    /** Asks a Prometheus node to reload its configuration; returns the API's answer. */
    Http.Response reload(Node node);

    /** The admin password of a Grafana node, for API calls (the local replica sets its own); empty when unknown. */
    default Optional<String> grafanaAdminPassword(Node node) {
        return Optional.empty();
    }

    /** The last lines of a node's log (empty when logs are not reachable). */
    String logTail(Node node, int lines);

    /** Notifications delivered to the stack's receivers; empty when this target cannot observe them. */
    Optional<AlertSink> alertSink();

    /** Measurements taken while starting (e.g. {@code time_to_ready_s}). */
    Map<String, Double> figures();

    @Override
    void close();

    /** Where notifications land and how to raise an alert on purpose. */
    interface AlertSink {
        List<Notification> notifications();

        /** Raises ({@code true}) or clears the probe alert {@code StackgateProbe{probe=name}}. */
        void raise(String probe, boolean on);
    }
}
