package io.stackgate.verify.target;

import java.util.List;

/**
 * Faults on a whole availability zone of the local target, where every AZ is a network namespace:
 * an outage (every node of the AZ down at once) and a partition (the AZ cut from the others, both
 * sides running). Offered only where namespaces can be created (root); otherwise missing with the reason.
 */
public interface ZoneFaults extends Capability {
    /** The topology's AZ names, in order. */
    List<String> zones();

    /** The AZ a node runs in. */
    String zoneOf(Node node);

    /** Every node of {@code zone} down at once: processes killed, link down. */
    void outage(String zone);

    /** Undoes {@link #outage}: link up, the nodes started again on their disks (stopped instances started). */
    void restore(String zone);

    /** Cuts {@code zone} from the other AZs; both sides keep running and keep reaching the harness. */
    void partition(String zone);

    /** Undoes {@link #partition}. */
    void heal(String zone);
}
