package io.stackgate.verify.junit;

import io.stackgate.verify.env.Environment;

/** Entry point: {@code StackAssertions.assertThat(stack).everyReplicaLoadedTheSameConfig()…}. */
public final class StackAssertions {
    private StackAssertions() {
    }

    public static EnvironmentAssert assertThat(Environment actual) {
        return new EnvironmentAssert(actual);
    }
}
