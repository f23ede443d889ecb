package io.stackgate.verify.target;

import java.util.List;

/** Where the stack's notifications land, and how to raise an alert on purpose. */
public interface AlertSink extends Capability {
    /** Every notification delivered so far, in arrival order. */
    List<Notification> notifications();

    /** Raises ({@code true}) or clears the probe alert {@code StackgateProbe{probe=name}}. */
    void raise(String probe, boolean on);
}
