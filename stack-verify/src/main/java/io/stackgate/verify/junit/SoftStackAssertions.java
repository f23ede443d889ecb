package io.stackgate.verify.junit;

import io.stackgate.verify.env.Environment;
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
    public EnvironmentAssert assertThat(Environment actual) {
        return proxy(EnvironmentAssert.class, Environment.class, actual);
    }
}
