package io.stackgate.verify.check;

import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import java.util.List;

/**
 * One HA property proven against a running {@link Target}. Written once, it runs on every target
 * that offers the {@linkplain #requires() capabilities it needs}; on any other the verifier reports
 * it SKIPPED with the target's reason, never PASSED. A check whose component is missing returns
 * {@link Verdict#skipped(String)} with the reason. A check that changes the stack (a fault) puts it
 * back before it returns. Teams add their own by implementing this interface (see {@link Verifier}).
 */
public interface Check {
    /** A short kebab-case name, e.g. {@code failover-prometheus}. */
    String name();

    /** The capabilities {@link #run} asks its target for. */
    default List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class);
    }

    /**
     * What the check disturbs and what its verdict reads: the verifier runs it beside other checks only
     * when neither disturbs what the other reads. The default, {@link Footprint#everything()}, runs it
     * alone; a check that overrides it is thread-safe and keeps to what it declares.
     */
    default Footprint footprint() {
        return Footprint.everything();
    }

    /** Runs the check; may record figures and timelines in {@code context}. */
    Verdict run(Target target, CheckContext context);
}
