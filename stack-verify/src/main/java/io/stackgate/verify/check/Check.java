package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;

/**
 * One HA property proven against a running {@link Environment}. Written once, it runs on every
 * target; a check whose component is missing returns {@link Verdict#skipped(String)} with the
 * reason, never a pass. A check that changes the stack (a fault) puts it back before it returns.
 * Teams add their own by implementing this interface (see {@link Verifier}).
 */
public interface Check {
    /** A short kebab-case name, e.g. {@code failover-prometheus}. */
    String name();

    /** Runs the check; may record figures and timelines in {@code context}. */
    Verdict run(Environment env, CheckContext context);
}
