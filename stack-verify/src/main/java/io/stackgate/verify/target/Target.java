package io.stackgate.verify.target;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.util.Map;

/**
 * A running stack that checks are written against, once: the local replica of real binaries, the
 * emulated AWS deployment, or a live one. What a target can do is in its {@link #capabilities()};
 * checks ask for the capabilities they need.
 */
public interface Target extends AutoCloseable {
    /** The target's registry name: {@code local}, {@code emulated}, {@code live}, … */
    String name();

    Topology topology();

    /** The configuration the nodes run (for the local target: with loopback addresses). */
    Bundle bundle();

    Capabilities capabilities();

    /** Shorthand for {@code capabilities().require(type)}. */
    default <C extends Capability> C require(Class<C> type) {
        return capabilities().require(type);
    }

    /** Measurements taken while starting (e.g. {@code time_to_ready_s}). */
    Map<String, Double> figures();

    /** Stops everything this target started; safe to call twice. */
    @Override
    void close();
}
