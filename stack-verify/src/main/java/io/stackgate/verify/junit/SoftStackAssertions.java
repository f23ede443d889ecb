package io.stackgate.verify.junit;

import io.stackgate.verify.target.Target;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Collects every failed stack assertion instead of stopping at the first:
 * <pre>
 * SoftStackAssertions softly = new SoftStackAssertions();
 * softly.assertThat(stack).everyReplicaLoadedTheSameConfig().deliversAnAlertExactlyOnce();
 * softly.assertAll();
 * </pre>
 */
public class SoftStackAssertions extends AbstractSoftAssertions {
    public TargetAssert assertThat(Target actual) {
        return proxy(TargetAssert.class, Target.class, actual);
    }
}
