package io.stackgate.verify.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the topology file on a target (the local replica by default) for the test class and
 * injects it into test methods and constructors as {@link io.stackgate.verify.target.Target} (or
 * the target's own class, e.g. {@link io.stackgate.verify.local.LocalTarget}). The path is resolved against the working
 * directory and its parents, so {@code "examples/seed-2az.yaml"} works from any module.
 *
 * <pre>
 * &#64;StackTest("examples/seed-2az.yaml")
 * class ObsStackTest {
 *     &#64;Test
 *     void replicasAgree(Target stack) {
 *         StackAssertions.assertThat(stack).everyReplicaLoadedTheSameConfig();
 *     }
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(StackExtension.class)
public @interface StackTest {
    /** The topology file. */
    String value();

    /** Start the stack even when the topology has ERROR findings (to watch them fail). */
    boolean allowFindings() default false;

    /** The registered target to start it on ({@code local}, {@code emulated}, …). */
    String target() default "local";

    /**
     * Built-in checks that must PASS on this target before the class's tests run; one that FAILS or is
     * SKIPPED (its capability missing, its component absent) fails the class. Empty: no gate.
     */
    String[] require() default {};

    /** Every built-in check must PASS (a SKIPPED one fails the class). */
    boolean strict() default false;
}
