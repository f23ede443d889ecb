package io.stackgate.verify.target;

/** Faults on one node's process: the ones an instance dying, hanging or being replaced causes. */
public interface ProcessFaults extends Capability {
    /** Kills the node's process the hard way (SIGKILL / instance terminated); returns when it is gone. */
    void kill(Node node);

    /** Makes the node hang (SIGSTOP): sockets open, no answers. */
    void freeze(Node node);

    /** Undoes {@link #freeze(Node)}. */
    void resume(Node node);

    /**
     * Starts a fresh instance in the node's place, as the auto-scaling group would (new, empty disk),
     * and returns when it is ready.
     */
    void replace(Node node);
}
