package io.stackgate.aws.check;

import io.stackgate.verify.check.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS checks and where they run among the built-in ones. ec2-discovery touches only the discovered
 * targets (a host it launches and terminates), so it goes before the first check that reads the scrapes
 * (replica-labels) and runs beside the early fault checks that touch the datasource path or alerting; the
 * checks that read the scrapes, history among them, wait for it. The others run after the built-in checks,
 * in {@link #all()}'s order: conformance first (before any fault moves an instance), the replacement, the
 * zone stop. Each requires {@link io.stackgate.aws.target.AwsStack} and is SKIPPED on targets without it.
 */
public final class AwsChecks {
    /** The built-in check ec2-discovery is placed before: the first after the early fault checks that reads the scrapes. */
    static final String DISCOVERY_BEFORE = "replica-labels";

    private AwsChecks() {
    }

    public static List<Check> all() {
        return List.of(new ConformanceCheck(), new AsgReplacementCheck(), new Ec2DiscoveryCheck(), new AzStopCheck());
    }

    /** {@code builtIn} with the AWS checks in their places (without {@value #DISCOVERY_BEFORE}, all after them). */
    public static List<Check> among(List<Check> builtIn) {
        List<Check> out = new ArrayList<>(builtIn);
        int at = out.stream().map(Check::name).toList().indexOf(DISCOVERY_BEFORE);
        for (Check c : all()) {
            if (at >= 0 && c instanceof Ec2DiscoveryCheck) {
                out.add(at, c);
            } else {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }
}
