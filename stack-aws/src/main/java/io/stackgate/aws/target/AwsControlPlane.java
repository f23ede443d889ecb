package io.stackgate.aws.target;

import io.stackgate.aws.AwsClients;
import io.stackgate.model.Topology;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Faults through the AWS API, the same on {@code emulated} and {@code live}: terminate an instance through
 * its Auto Scaling group (TerminateInstanceInAutoScalingGroup, capacity kept, so the group replaces it), stop
 * every stack instance of one AZ (StopInstances), deregister a node from its target groups. Every action first
 * checks that the instance carries {@code Stack=<name>} and refuses otherwise; every one has a rollback.
 */
public final class AwsControlPlane implements ControlPlane {
    private final Topology topology;
    private final AwsClients aws;
    private final Function<Node, Optional<String>> instanceOf;

    public AwsControlPlane(Topology topology, AwsClients aws, Function<Node, Optional<String>> instanceOf) {
        this.topology = topology;
        this.aws = aws;
        this.instanceOf = instanceOf;
    }

    private Instance stackInstance(Node node) {
        String id = instanceOf.apply(node).orElseThrow(() -> new IllegalArgumentException(node + " is not an EC2 instance"));
        Instance i = aws.ec2().describeInstances(r -> r.instanceIds(id)).reservations().stream()
                .flatMap(x -> x.instances().stream()).findFirst()
                .orElseThrow(() -> new IllegalStateException("instance " + id + " of " + node + " does not exist"));
        boolean tagged = i.tags().stream().anyMatch(t -> t.key().equals("Stack") && t.value().equals(topology.name()));
        if (!tagged) {
            throw new IllegalStateException("refusing to touch " + id + ": it is not tagged Stack=" + topology.name());
        }
        return i;
    }

    /** Terminates the node's instance through its group, keeping the desired capacity: the group replaces it. */
    @Override
    public Fault terminate(Node node) {
        Instance i = stackInstance(node);
        AutoScalingInstanceDetails d = aws.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(i.instanceId()))
                .autoScalingInstances().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(i.instanceId() + " is in no Auto Scaling group"));
        int desired = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(d.autoScalingGroupName()))
                .autoScalingGroups().get(0).desiredCapacity();
        Instant at = Instant.now();
        aws.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(i.instanceId())
                .shouldDecrementDesiredCapacity(false));
        return new Fault("terminate", i.placement().availabilityZone(), List.of(i.instanceId()),
                Map.of("group", d.autoScalingGroupName(), "desired", Integer.toString(desired), "node", node.id()), at);
    }

    /** Stops every running stack instance in {@code zone}. */
    @Override
    public Fault stopZone(String zone) {
        if (!topology.availabilityZones().contains(zone)) {
            throw new IllegalArgumentException(zone + " is not an AZ of the topology " + topology.availabilityZones());
        }
        List<String> ids = new ArrayList<>();
        aws.ec2().describeInstancesPaginator(r -> r.filters(
                Filter.builder().name("tag:Stack").values(topology.name()).build(),
                Filter.builder().name("availability-zone").values(zone).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations()
                .forEach(res -> res.instances().forEach(x -> ids.add(x.instanceId())));
        Instant at = Instant.now();
        if (!ids.isEmpty()) {
            aws.ec2().stopInstances(r -> r.instanceIds(ids));
        }
        return new Fault("stop-az", zone, ids, Map.of(), at);
    }

    /** Deregisters the node's instance from every target group of its group. */
    @Override
    public Fault deregister(Node node) {
        Instance i = stackInstance(node);
        Map<String, String> details = new LinkedHashMap<>();
        List<String> groups = aws.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(i.instanceId()))
                .autoScalingInstances().stream().map(AutoScalingInstanceDetails::autoScalingGroupName).toList();
        int n = 0;
        for (String g : groups) {
            for (String tg : aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(g)).autoScalingGroups()
                    .get(0).targetGroupARNs()) {
                aws.elb().deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(i.instanceId())));
                details.put("targetGroup" + n++, tg);
            }
        }
        return new Fault("deregister", i.placement().availabilityZone(), List.of(i.instanceId()), details, Instant.now());
    }

    @Override
    public void rollback(Fault fault) {
        switch (fault.action()) {
            case "stop-az" -> {
                if (!fault.instanceIds().isEmpty()) {
                    aws.ec2().startInstances(r -> r.instanceIds(fault.instanceIds()));
                }
            }
            case "deregister" -> fault.details().forEach((k, tg) -> {
                if (k.startsWith("targetGroup")) {
                    aws.elb().registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(fault.instanceIds().get(0))));
                }
            });
            case "terminate" -> {
                String group = fault.details().get("group");
                int desired = Integer.parseInt(fault.details().get("desired"));
                int now = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                        .autoScalingGroups().get(0).desiredCapacity();
                if (now != desired) {
                    aws.autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(group).desiredCapacity(desired));
                }
            }
            default -> throw new IllegalArgumentException("no rollback for " + fault.action());
        }
    }
}
