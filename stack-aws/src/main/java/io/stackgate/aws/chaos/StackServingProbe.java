package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Group;
import io.stackgate.aws.discovery.DiscoveredStack.Instance;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.stack.Tier;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code stack-serving}: while a fault is held, every tier still has a running InService instance,
 * and every target group of a tier still has a healthy target among its running instances — what a
 * user of the stack needs to be answered. Stopped, terminated and deregistered instances do not
 * count, so the probe judges what is left, not what was there. One read, no wait: the chaos runner
 * calls it after the fault's effect is visible in the API.
 */
public final class StackServingProbe implements Check {
    @Override
    public String name() {
        return "stack-serving";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsApi.class);
    }

    @Override
    public Verdict run(Target target, CheckContext context) {
        DiscoveredStack s = new StackDiscovery(target.require(AwsApi.class).aws()).discover(target.topology());
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Tier tier : Tier.all()) {
            String name = target.topology().name() + "-" + tier.id();
            Group g = s.groups().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (g == null) {
                problems.add(name + ": no such Auto Scaling group");
                continue;
            }
            List<Instance> up = g.instances().stream()
                    .filter(i -> "running".equals(i.state()) && "InService".equals(i.lifecycleState())).toList();
            Map<String, Long> perZone = up.stream().collect(Collectors.groupingBy(Instance::availabilityZone, TreeMap::new,
                    Collectors.counting()));
            evidence.add(name + ": " + up.size() + " running InService " + perZone);
            if (up.isEmpty()) {
                problems.add(tier.id() + " has no running InService instance left");
            }
            Set<String> upIds = up.stream().map(Instance::id).collect(Collectors.toSet());
            for (String arn : g.targetGroupArns()) {
                List<String> healthy = s.targetGroups().stream().filter(t -> t.arn().equals(arn)).flatMap(t -> t.targets().stream())
                        .filter(t -> "healthy".equals(t.state()) && upIds.contains(t.id())).map(t -> t.id()).sorted().toList();
                evidence.add("  " + arn.substring(arn.indexOf("targetgroup/")) + ": healthy " + healthy);
                if (healthy.isEmpty()) {
                    problems.add(tier.id() + "'s target group " + arn + " has no healthy running target: its load balancer "
                            + "answers 503");
                }
            }
        }
        return Verdict.of("every tier is served by a running instance, every target group has a healthy target", problems,
                evidence);
    }
}
