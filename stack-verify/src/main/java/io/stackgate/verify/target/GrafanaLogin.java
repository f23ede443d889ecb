package io.stackgate.verify.target;

import java.util.Optional;

/** Credentials for Grafana's own API on a node (the local target sets its own admin password). */
public interface GrafanaLogin extends Capability {
    /** The admin password of a Grafana node, or empty when this target does not know it. */
    Optional<String> adminPassword(Node node);
}
