package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code stack-healthy}: every tier's Auto Scaling group has its desired instances InService,
 * Healthy and healthy in its target groups ({@link StackDiscovery#awaitHealthy}), and — where the
 * target has a {@link Balancer} — every Prometheus replica in service on it, within {@code within}.
 * The balancer's view is the target's own account of target health: DescribeTargetHealth on a live
 * account, the emulated balancer's health checks on moto, whose DescribeTargetHealth is synthetic (from
 * instance state) and says healthy before the checks have passed. After a terminate this is the group's
 * replacement arriving in time; FAILED names what was last not healthy.
 */
public final class StackHealthyProbe implements Check {
    /** At least one look at the balancer, also when the groups took all of {@code within}. */
    private static final Duration LAST_LOOK = Duration.ofMillis(200);
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
            Optional<Balancer> lb = target.capabilities().find(Balancer.class);
            Optional<Nodes> running = target.capabilities().find(Nodes.class);
            if (lb.isPresent() && running.isPresent()) {
                Nodes nodes = running.get();
                Balancer balancer = lb.get();
                Duration left = within.minusNanos(System.nanoTime() - t0);
                Wait.until("every Prometheus replica in service on the internal load balancer",
                        left.compareTo(LAST_LOOK) < 0 ? LAST_LOOK : left).polling(Duration.ofMillis(100))
                        .on(() -> nodes.nodes(Tier.PROMETHEUS).stream().filter(n -> !balancer.inService(n))
                                .map(Node::id).toList(), List::isEmpty);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            List<String> evidence = stack.groups().stream().map(g -> g.name() + ": " + g.inServiceHealthy().size() + " of "
                    + g.desired() + " InService+Healthy " + g.inServiceHealthy().stream().map(i -> i.id() + "@"
                    + i.availabilityZone()).toList()).toList();
            return Verdict.passed(String.format(java.util.Locale.ROOT, "every group at its desired capacity, healthy, after %.1f s",
                    s), evidence);
        } catch (ConditionTimeoutException | Wait.WaitTimeoutException e) {
            return Verdict.failed("not healthy within " + within.toSeconds() + " s: " + e.getMessage(), List.of());
        }
    }
}
