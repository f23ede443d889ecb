package io.stackgate.verify.target;

/**
 * Marker of what a target can do for a check: see the sub-interfaces ({@link Nodes},
 * {@link ProcessFaults}, {@link Balancer}, {@link ConfigPush}, {@link AlertSink},
 * {@link GrafanaLogin}). A target offers the ones it can; a check names the ones it needs, and the
 * verifier reports it SKIPPED with the target's reason when one is missing.
 */
public interface Capability {
}
