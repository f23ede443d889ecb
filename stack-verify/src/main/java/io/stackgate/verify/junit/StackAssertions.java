package io.stackgate.verify.junit;

import io.stackgate.verify.target.Target;

/** Entry point: {@code StackAssertions.assertThat(stack).everyReplicaLoadedTheSameConfig()…}. */
public final class StackAssertions {
    private StackAssertions() {
    }

    public static TargetAssert assertThat(Target actual) {
        return new TargetAssert(actual);
    }
}
