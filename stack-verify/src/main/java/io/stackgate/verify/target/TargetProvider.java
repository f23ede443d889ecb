package io.stackgate.verify.target;

import io.stackgate.model.Topology;

/**
 * Starts targets of one kind; found by {@link Targets} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.stackgate.verify.target.TargetProvider}), so a team can add its own.
 */
public interface TargetProvider {
    /** The name {@code --target} and {@code @StackTest(target = …)} use. */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * Starts a target for {@code topology} and returns it ready for checks.
     *
     * @throws TargetStartException when it cannot start; everything it started is stopped first
     */
    Target start(Topology topology, TargetOptions options);
}
