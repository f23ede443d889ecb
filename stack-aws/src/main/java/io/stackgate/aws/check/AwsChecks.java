package io.stackgate.aws.check;

import io.stackgate.verify.check.Check;
import java.util.List;

/**
 * The AWS checks, in the order they run after the built-in ones: conformance first (before any fault moves
 * an instance), discovery, the replacement, the zone stop. Each requires {@link io.stackgate.aws.target.AwsStack}
 * and is SKIPPED on targets without it.
 */
public final class AwsChecks {
    private AwsChecks() {
    }

    public static List<Check> all() {
        return List.of(new ConformanceCheck(), new Ec2DiscoveryCheck(), new AsgReplacementCheck(), new AzStopCheck());
    }
}
