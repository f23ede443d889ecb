package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Group;
import io.stackgate.aws.discovery.DiscoveredStack.Instance;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.fault.Actions;
import io.stackgate.aws.fault.AwsControlPlane;
import io.stackgate.aws.fault.FaultRefusedException;
import io.stackgate.aws.fault.StackInstance;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import io.stackgate.verify.target.Node;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an {@link Experiment} into a {@link ChaosPlan} by reading the stack through the AWS API
 * (nothing is changed).
 *
 * <p>A node experiment picks, among the tier's instances that are running, InService and Healthy
 * (for deregister: healthy in the target group too), the one in the earliest of the topology's AZs,
 * then the lowest id. Why that AZ: AWS launches the replacement into the AZ that lost an instance
 * (AZ balancing), and moto launches every replacement into the group's first subnet, which is the
 * first AZ; choosing the victim there makes the emulator's answer the same as AWS's rather than an
 * artefact of moto. {@code stop-az} takes the zone given, or the topology's first.
 *
 * <p>What fails ({@link FaultRefusedException}): a tier without such an instance, a zone the topology
 * does not list or without running stack instances.
 */
public final class Planner {
    private final AwsClients aws;
    private final Topology topology;

    public Planner(AwsClients aws, Topology topology) {
        this.aws = aws;
        this.topology = topology;
    }

    public ChaosPlan plan(Experiment experiment, Optional<String> zone) {
        DiscoveredStack stack = new StackDiscovery(aws).discover(topology);
        return switch (experiment) {
            case TERMINATE_PROMETHEUS -> terminate(experiment, stack, Tier.PROMETHEUS);
            case TERMINATE_ALERTMANAGER -> terminate(experiment, stack, Tier.ALERTMANAGER);
            case DEREGISTER_TARGET -> deregister(experiment, stack, Tier.PROMETHEUS);
            case STOP_AZ -> stopZone(experiment, zone.orElse(topology.availabilityZones().get(0)));
        };
    }

    private ChaosPlan terminate(Experiment e, DiscoveredStack stack, Tier tier) {
        Group g = group(stack, tier);
        Instance victim = pick(g.inServiceHealthy().stream().filter(i -> "running".equals(i.state())).toList(), tier);
        return new ChaosPlan(e, topology.name(), victim.availabilityZone(), List.of(new ChaosPlan.Action(Actions.TERMINATE,
                Optional.of(node(tier, victim)), victim.availabilityZone(),
                List.of("instance " + victim.id() + " (" + victim.privateIp() + ", " + victim.availabilityZone() + ") of group "
                        + g.name() + ": TerminateInstanceInAutoScalingGroup, desired capacity kept at " + g.desired()))));
    }

    private ChaosPlan deregister(Experiment e, DiscoveredStack stack, Tier tier) {
        Group g = group(stack, tier);
        List<String> healthyIds = stack.targetGroups().stream().filter(t -> g.targetGroupArns().contains(t.arn()))
                .flatMap(t -> t.targets().stream()).filter(t -> "healthy".equals(t.state())).map(t -> t.id()).toList();
        Instance victim = pick(g.inServiceHealthy().stream().filter(i -> healthyIds.contains(i.id())).toList(), tier);
        List<String> resources = new java.util.ArrayList<>();
        resources.add("instance " + victim.id() + " (" + victim.privateIp() + ", " + victim.availabilityZone() + ") of group "
                + g.name());
        stack.targetGroups().stream().filter(t -> g.targetGroupArns().contains(t.arn()))
                .filter(t -> t.targets().stream().anyMatch(x -> x.id().equals(victim.id())))
                .forEach(t -> resources.add("DeregisterTargets from " + t.arn() + " port " + t.port()));
        return new ChaosPlan(e, topology.name(), victim.availabilityZone(), List.of(new ChaosPlan.Action(Actions.DEREGISTER,
                Optional.of(node(tier, victim)), victim.availabilityZone(), resources)));
    }

    private ChaosPlan stopZone(Experiment e, String zone) {
        List<StackInstance> running = new AwsControlPlane(aws, topology).runningIn(zone);
        if (running.isEmpty()) {
            throw new FaultRefusedException("no running instance tagged Stack=" + topology.name() + " in " + zone + " at "
                    + aws.connection().describe() + ": nothing to stop");
        }
        List<String> resources = running.stream().map(i -> "StopInstances " + i.describe() + " Tier="
                + i.tier().orElse("-") + i.group().map(x -> " group " + x).orElse("")).toList();
        return new ChaosPlan(e, topology.name(), zone, List.of(new ChaosPlan.Action(Actions.STOP_ZONE, Optional.empty(), zone,
                resources)));
    }

    private Group group(DiscoveredStack stack, Tier tier) {
        String name = topology.name() + "-" + tier.id();
        return stack.groups().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new FaultRefusedException("no Auto Scaling group " + name + " at "
                        + aws.connection().describe()));
    }

    private Instance pick(List<Instance> candidates, Tier tier) {
        List<String> zones = topology.availabilityZones();
        return candidates.stream()
                .sorted(Comparator.comparingInt((Instance i) -> zones.indexOf(i.availabilityZone()) < 0 ? Integer.MAX_VALUE
                        : zones.indexOf(i.availabilityZone())).thenComparing(Instance::id))
                .findFirst().orElseThrow(() -> new FaultRefusedException("no running, InService and healthy " + tier.id()
                        + " instance to act on at " + aws.connection().describe()));
    }

    private static Node node(Tier tier, Instance i) {
        io.stackgate.verify.target.Tier t = switch (tier) {
            case PROMETHEUS -> io.stackgate.verify.target.Tier.PROMETHEUS;
            case ALERTMANAGER -> io.stackgate.verify.target.Tier.ALERTMANAGER;
            case GRAFANA -> io.stackgate.verify.target.Tier.GRAFANA;
            case QUERY -> io.stackgate.verify.target.Tier.QUERY;
        };
        return new Node(t, i.id(), 1, URI.create("http://" + i.privateIp() + ":" + tier.port()));
    }
}
