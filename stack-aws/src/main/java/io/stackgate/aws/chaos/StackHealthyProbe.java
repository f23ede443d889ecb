package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code stack-healthy}: every tier's Auto Scaling group has its desired instances InService,
 * Healthy and healthy in its target groups ({@link StackDiscovery#awaitHealthy}) within
 * {@code within}. After a terminate this is the group's replacement arriving in time; FAILED names
 * what was last not healthy.
 */
public final class StackHealthyProbe implements Check {
    private final Duration within;

    public StackHealthyProbe(Duration within) {
        this.within = within;
    }

    @Override
    public String name() {
        return "stack-healthy";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsApi.class);
    }

    @Override
    public Verdict run(Target target, CheckContext context) {
        long t0 = System.nanoTime();
        try {
            var stack = new StackDiscovery(target.require(AwsApi.class).aws()).awaitHealthy(target.topology(), within);
            double s = (System.nanoTime() - t0) / 1e9;
            List<String> evidence = stack.groups().stream().map(g -> g.name() + ": " + g.inServiceHealthy().size() + " of "
                    + g.desired() + " InService+Healthy " + g.inServiceHealthy().stream().map(i -> i.id() + "@"
                    + i.availabilityZone()).toList()).toList();
            return Verdict.passed(String.format(java.util.Locale.ROOT, "every group at its desired capacity, healthy, after %.1f s",
                    s), evidence);
        } catch (ConditionTimeoutException e) {
            return Verdict.failed("not healthy within " + within.toSeconds() + " s: " + e.getMessage(), List.of());
        }
    }
}
