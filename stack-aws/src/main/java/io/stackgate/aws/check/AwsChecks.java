package io.stackgate.aws.check;

import io.stackgate.verify.check.Check;
import java.util.List;

/**
 * The AWS checks, in the order they run after the built-in ones: conformance first (before any fault moves
 * an instance), the replacement, discovery, the zone stop. The replacement reads its history before
 * discovery launches and terminates a host: a series that ended a moment ago still counts as scraped for two
 * intervals and holds the replacement's steady-state window back until it does not. Each requires {@link io.stackgate.aws.target.AwsStack}
 * and is SKIPPED on targets without it.
 */
public final class AwsChecks {
    private AwsChecks() {
    }

    public static List<Check> all() {
        return List.of(new ConformanceCheck(), new AsgReplacementCheck(), new Ec2DiscoveryCheck(), new AzStopCheck());
    }
}
