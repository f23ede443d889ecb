package io.stackgate.verify.target;

import java.net.URI;
import java.time.Duration;

/** The load balancers' view: where Grafana's datasource reads, and which nodes receive traffic. */
public interface Balancer extends Capability {
    /** The URL Grafana's datasource reads through (the internal balancer of the Prometheus replicas). */
    URI datasource();

    /** Whether the balancer in front of {@code node}'s tier currently sends it traffic. */
    boolean inService(Node node);

    /** How long the balancer may take to take a dead node out: health-check interval × unhealthy threshold. */
    Duration checkWindow();

    /**
     * The longest a request through the balancer may take while one replica hangs: the balancer's
     * server timeout plus one retry on another replica.
     */
    Duration hungRequestBudget();

    /**
     * How many seconds on the topology's clock one second of this target's balancer stands for: the
     * topology's health-check interval over the interval it runs here (1 on AWS; 40 on the local
     * target's compressed tempo with a 10 s interval). Failover figures are translated with it.
     */
    double realClockFactor();
}
