package io.stackgate.verify.target;

import java.time.Duration;

/** A slow link in front of one node (Toxiproxy locally: this kernel has no netem qdisc). */
public interface LinkFaults extends Capability {
    /** Adds {@code latency} to everything the node's clients send it and get back. */
    void slow(Node node, Duration latency);

    /** Removes what {@link #slow} added. */
    void unslow(Node node);
}
