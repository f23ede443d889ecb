package io.stackgate.aws.target.internal;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * One reading of the emulator: every instance of the stack's VPC (terminated ones too: moto keeps them
 * listed), each stack Auto Scaling group with its members and target groups. Immutable.
 */
public record EmulatorState(Instant at, Map<String, Instance> instances, Map<Tier, Group> groups,
        Map<String, Set<String>> registered) {
    public EmulatorState {
        instances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        registered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registered));
    }

    /** The targets {@code targetGroupArn} lists (DescribeTargetHealth), whatever their synthetic health. */
    public Set<String> registered(String targetGroupArn) {
        return registered.getOrDefault(targetGroupArn, Set.of());
    }

    /** An EC2 instance as DescribeInstances shows it. */
    public record Instance(String id, String state, String privateIp, String zone, String subnetId, Instant launchTime,
            Map<String, String> tags) {
        public Instance {
            tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        }

        public boolean running() {
            return "running".equals(state);
        }

        /** Pending or running: the instance exists and boots or serves. */
        public boolean up() {
            return "running".equals(state) || "pending".equals(state);
        }

        public boolean gone() {
            return "terminated".equals(state) || "shutting-down".equals(state);
        }

        public boolean stopped() {
            return "stopped".equals(state) || "stopping".equals(state);
        }
    }

    /** A stack group: its members (instance id → lifecycle state), subnets, target groups, launch template. */
    public record Group(String name, Tier tier, Map<String, String> members, List<String> subnetIds,
            List<String> targetGroupArns, String launchTemplateId, String launchTemplateVersion) {
        public Group {
            members = java.util.Collections.unmodifiableMap(new TreeMap<>(members));
            subnetIds = List.copyOf(subnetIds);
            targetGroupArns = List.copyOf(targetGroupArns);
        }

        /** Members the group counts (not leaving it). */
        public Set<String> serving() {
            Set<String> out = new java.util.TreeSet<>();
            members.forEach((id, life) -> {
                if (!life.startsWith("Terminat") && !life.startsWith("Detach") && !life.equals("Standby")) {
                    out.add(id);
                }
            });
            return out;
        }
    }

    /** Reads the emulator's view of {@code topology}'s stack in {@code vpcId}. */
    public static EmulatorState read(AwsClients aws, Topology topology, StackNames names, String vpcId) {
        Map<String, Instance> instances = new LinkedHashMap<>();
        aws.ec2().describeInstancesPaginator(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .reservations().forEach(res -> res.instances().forEach(i -> {
                    Map<String, String> tags = new TreeMap<>();
                    i.tags().forEach(t -> tags.put(t.key(), t.value()));
                    instances.put(i.instanceId(), new Instance(i.instanceId(), i.state().nameAsString(),
                            i.privateIpAddress() == null ? "" : i.privateIpAddress(),
                            i.placement() == null ? "" : i.placement().availabilityZone(),
                            i.subnetId() == null ? "" : i.subnetId(),
                            i.launchTime() == null ? Instant.EPOCH : i.launchTime(), tags));
                }));
        List<String> groupNames = Tier.of(topology).stream().map(names::asg).toList();
        Map<Tier, Group> groups = new LinkedHashMap<>();
        for (AutoScalingGroup g : aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupNames))
                .autoScalingGroups()) {
            Optional<Tier> tier = Tier.of(topology).stream().filter(t -> names.asg(t).equals(g.autoScalingGroupName()))
                    .findFirst();
            if (tier.isEmpty()) {
                continue;
            }
            Map<String, String> members = new TreeMap<>();
            g.instances().forEach(i -> members.put(i.instanceId(), i.lifecycleStateAsString()));
            List<String> subnets = g.vpcZoneIdentifier() == null || g.vpcZoneIdentifier().isBlank() ? List.of()
                    : List.of(g.vpcZoneIdentifier().split(","));
            groups.put(tier.get(), new Group(g.autoScalingGroupName(), tier.get(), members, subnets, g.targetGroupARNs(),
                    g.launchTemplate() == null ? "" : g.launchTemplate().launchTemplateId(),
                    g.launchTemplate() == null ? "1" : g.launchTemplate().version()));
        }
        Map<String, Set<String>> registered = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            for (String tg : g.targetGroupArns()) {
                Set<String> ids = new java.util.TreeSet<>();
                aws.elb().describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions()
                        .forEach(h -> ids.add(h.target().id()));
                registered.put(tg, ids);
            }
        }
        return new EmulatorState(Instant.now(), instances, groups, registered);
    }

    /** The tier an instance serves in: the group that lists it, or its {@code Tier} tag. */
    public Optional<Tier> tierOf(String instanceId) {
        for (Group g : groups.values()) {
            if (g.members().containsKey(instanceId)) {
                return Optional.of(g.tier());
            }
        }
        Instance i = instances.get(instanceId);
        return i == null ? Optional.empty() : Tier.byId(i.tags().getOrDefault("Tier", ""));
    }

    /** The instances of {@code tier}'s group that are up (pending or running), oldest first. */
    public List<Instance> up(Tier tier) {
        Group g = groups.get(tier);
        if (g == null) {
            return List.of();
        }
        List<Instance> out = new ArrayList<>();
        for (String id : g.serving()) {
            Instance i = instances.get(id);
            if (i != null && i.up()) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(Instance::launchTime).thenComparing(Instance::id));
        return out;
    }
}
