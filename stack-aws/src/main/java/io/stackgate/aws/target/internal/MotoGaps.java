package io.stackgate.aws.target.internal;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.target.EmulatorGap;
import io.stackgate.aws.stack.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The one place where the emulated target fills moto's gaps after the deploy, each time through the
 * real AWS API and each recorded as an {@link EmulatorGap} (the deploy's own fill, the initial AZ spread,
 * is {@code deploy.AzSpread}):
 * <ul>
 *   <li><b>registration</b>: AWS registers every instance an Auto Scaling group launches or attaches in the
 *       group's target groups; moto does so only on some paths (not for a replacement of an instance
 *       terminated through EC2). A member seen for the first time that its target group does not list is
 *       registered (RegisterTargets). A member deregistered on purpose later stays deregistered, as on AWS.</li>
 *   <li><b>deregistration</b>: AWS deregisters an instance that leaves its group (terminated, detached);
 *       moto keeps listing it. Such a target is deregistered (DeregisterTargets).</li>
 *   <li><b>AZ balance</b>: AWS launches a group's replacement in the AZ with the fewest of its instances;
 *       moto always uses the group's first subnet. A new member moto put in a fuller AZ is replaced by one
 *       in the emptiest AZ: DetachInstances (decrementing the desired capacity), TerminateInstances,
 *       RunInstances with the group's launch template in that AZ's subnet, AttachInstances.</li>
 * </ul>
 * Target health is not read from moto (its DescribeTargetHealth is synthetic, from instance state): the
 * emulated balancer's own health checks decide, see {@code EmulatedBalancer}.
 */
public final class MotoGaps {
    private static final Logger LOG = LoggerFactory.getLogger(MotoGaps.class);

    private final AwsClients aws;
    private final List<EmulatorGap> filled = new CopyOnWriteArrayList<>();
    private final Map<Tier, Set<String>> seen = new HashMap<>();
    /** Instances launched by stackgate (deploy, AZ balance, app hosts): placed where AWS would place them. */
    private final Set<String> ours = new HashSet<>();
    private final Set<String> moving = new HashSet<>();

    public MotoGaps(AwsClients aws) {
        this.aws = aws;
    }

    public List<EmulatorGap> filled() {
        return List.copyOf(filled);
    }

    /** Marks every current member as seen (the deploy registered them through AttachInstances). */
    public synchronized void baseline(EmulatorState s) {
        s.groups().forEach((tier, g) -> {
            seen.computeIfAbsent(tier, k -> new HashSet<>()).addAll(g.members().keySet());
            ours.addAll(g.members().keySet());
        });
    }

    /** Whether the agent should leave {@code instanceId} alone: it is being moved to another AZ. */
    public synchronized boolean moving(String instanceId) {
        return moving.contains(instanceId);
    }

    /**
     * Fills the gaps {@code s} shows; returns true when it changed the emulator's state (read it again
     * before acting on it).
     */
    public synchronized boolean fill(EmulatorState s) {
        boolean changed = false;
        for (EmulatorState.Group g : s.groups().values()) {
            changed |= balance(s, g);
        }
        if (changed) {
            return true;
        }
        for (EmulatorState.Group g : s.groups().values()) {
            changed |= registration(s, g);
        }
        return changed;
    }

    private boolean balance(EmulatorState s, EmulatorState.Group g) {
        Set<String> known = seen.computeIfAbsent(g.tier(), k -> new HashSet<>());
        for (String id : g.serving()) {
            EmulatorState.Instance i = s.instances().get(id);
            if (known.contains(id) || ours.contains(id) || i == null || !i.up()) {
                continue;
            }
            Map<String, String> subnetZone = subnetZones(s, g);
            Map<String, Integer> perZone = new TreeMap<>();
            subnetZone.values().forEach(z -> perZone.put(z, 0));
            for (String other : g.serving()) {
                EmulatorState.Instance o = s.instances().get(other);
                if (!other.equals(id) && o != null && o.up()) {
                    perZone.merge(o.zone(), 1, Integer::sum);
                }
            }
            int least = perZone.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            if (perZone.getOrDefault(i.zone(), 0) <= least) {
                continue;
            }
            String zone = perZone.entrySet().stream().filter(e -> e.getValue() == least).findFirst().orElseThrow().getKey();
            String subnet = subnetZone.entrySet().stream().filter(e -> e.getValue().equals(zone)).findFirst()
                    .orElseThrow().getKey();
            move(g, i, zone, subnet);
            return true;
        }
        return false;
    }

    /** The zone of each subnet of the group (from its instances' placements, else DescribeSubnets). */
    private Map<String, String> subnetZones(EmulatorState s, EmulatorState.Group g) {
        Map<String, String> out = new TreeMap<>();
        aws.ec2().describeSubnets(r -> r.subnetIds(g.subnetIds())).subnets()
                .forEach(x -> out.put(x.subnetId(), x.availabilityZone()));
        return out;
    }

    private void move(EmulatorState.Group g, EmulatorState.Instance i, String zone, String subnet) {
        moving.add(i.id());
        aws.autoScaling().detachInstances(r -> r.autoScalingGroupName(g.name()).instanceIds(i.id())
                .shouldDecrementDesiredCapacity(true));
        aws.ec2().terminateInstances(r -> r.instanceIds(i.id()));
        List<Tag> tags = new ArrayList<>();
        i.tags().forEach((k, v) -> {
            if (!k.startsWith("aws:")) {
                tags.add(Tag.builder().key(k).value(v).build());
            }
        });
        String id = aws.ec2().runInstances(r -> r.minCount(1).maxCount(1).subnetId(subnet)
                .launchTemplate(l -> l.launchTemplateId(g.launchTemplateId()).version(g.launchTemplateVersion()))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0).instanceId();
        ours.add(id);
        aws.autoScaling().attachInstances(r -> r.autoScalingGroupName(g.name()).instanceIds(id));
        record(EmulatorGap.AZ_BALANCE, "moto launched " + i.id() + " in " + i.zone() + " (the group's first subnet); "
                + "moved to " + zone + ", the AZ with the fewest " + g.tier().id() + " instances, as AWS places it: "
                + "DetachInstances + TerminateInstances " + i.id() + ", RunInstances + AttachInstances " + id, g.name());
    }

    private boolean registration(EmulatorState s, EmulatorState.Group g) {
        if (g.targetGroupArns().isEmpty()) {
            seen.computeIfAbsent(g.tier(), k -> new HashSet<>()).addAll(g.members().keySet());
            return false;
        }
        boolean changed = false;
        Set<String> known = seen.computeIfAbsent(g.tier(), k -> new HashSet<>());
        Set<String> serving = g.serving();
        for (String tg : g.targetGroupArns()) {
            Set<String> registered = s.registered(tg);
            for (String id : serving) {
                EmulatorState.Instance i = s.instances().get(id);
                if (!known.contains(id) && !registered.contains(id) && i != null && !i.gone()) {
                    aws.elb().registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(id)));
                    record(EmulatorGap.REGISTRATION, "RegisterTargets " + id + ": a new member of " + g.name()
                            + " that moto did not register in its target group", tg);
                    changed = true;
                }
            }
            for (String id : registered) {
                EmulatorState.Instance i = s.instances().get(id);
                boolean left = !serving.contains(id) && (i == null || i.gone() || !g.members().containsKey(id));
                if (left) {
                    aws.elb().deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id(id)));
                    record(EmulatorGap.DEREGISTRATION, "DeregisterTargets " + id + ": it left " + g.name()
                            + " (" + (i == null ? "unknown" : i.state()) + ") and moto still listed it", tg);
                    changed = true;
                }
            }
        }
        known.addAll(serving);
        moving.removeIf(id -> !serving.contains(id));
        return changed;
    }

    /** Marks an instance stackgate launched itself (an application host): never moved. */
    public synchronized void ours(String instanceId) {
        ours.add(instanceId);
    }

    private void record(String gap, String action, String resource) {
        EmulatorGap g = new EmulatorGap(Instant.now(), gap, action, resource);
        filled.add(g);
        LOG.info("moto gap filled: {}", g);
    }
}
