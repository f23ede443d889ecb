package io.stackgate.verify.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one local replica of the topology file for the test class and injects it into test
 * methods and constructors as {@link io.stackgate.verify.env.Environment} (or
 * {@link io.stackgate.verify.env.LocalEnvironment}). The path is resolved against the working
 * directory and its parents, so {@code "examples/seed-2az.yaml"} works from any module.
 *
 * <pre>
 * &#64;StackTest("examples/seed-2az.yaml")
 * class ObsStackTest {
 *     &#64;Test
 *     void replicasAgree(Environment stack) {
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
}
