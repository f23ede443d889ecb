package io.stackgate.verify.target;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Faults through a cloud control plane (the AWS API on the {@code emulated} and {@code live} targets):
 * what an auto-scaling group, an AZ or a target group does to the stack. Every action touches only
 * resources tagged with the stack, at most one AZ, and returns a {@link Fault} that {@link #rollback}
 * undoes (start what was stopped, re-register what was deregistered, restore capacity).
 */
public interface ControlPlane extends Capability {
    /** Terminates one instance of {@code tier} through its auto-scaling group, which launches a replacement. */
    Fault terminate(Node node);

    /** Stops every stack instance in {@code zone} (an AZ name of the topology). */
    Fault stopZone(String zone);

    /** Deregisters {@code node}'s instance from its target group(s). */
    Fault deregister(Node node);

    /** Undoes {@code fault}; safe to call twice. */
    void rollback(Fault fault);

    /** What one action did, for the journal and the rollback. */
    record Fault(String action, String zone, List<String> instanceIds, Map<String, String> details, Instant at) {
        public Fault {
            instanceIds = List.copyOf(instanceIds);
            details = Map.copyOf(details);
        }
    }
}
