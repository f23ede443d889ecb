package io.stackgate.aws.deploy;

import io.stackgate.aws.stack.Tier;
import io.stackgate.model.StorageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** terraform/modules/compute: a launch template and an Auto Scaling group per tier. */
final class ComputeSteps {
    private static final String M = "module.compute.";
    /** health_check_grace_period_seconds' default. */
    static final int GRACE_SECONDS = 600;
    static final int ROOT_VOLUME_GIB = 16;

    private ComputeSteps() {
    }

    static void run(Context c) {
        Ec2Client ec2 = c.aws.ec2();
        List<Image> images;
        try {
            images = ec2.describeImages(r -> r.imageIds(c.options.imageId())).images();
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            // AWS answers InvalidAMIID.NotFound (or .Malformed) instead of an empty list.
            images = List.of();
        }
        if (images.isEmpty()) {
            throw new DeployException("AMI " + c.options.imageId() + " does not exist at " + c.aws.connection().describe()
                    + "; name one that DescribeImages lists");
        }
        String rootDevice = images.get(0).rootDeviceName();
        for (Tier tier : Tier.of(c.topology)) {
            String lt = launchTemplate(c, tier, rootDevice);
            autoScalingGroup(c, tier, lt);
        }
    }

    /** The tier's instance tags: what Prometheus EC2 discovery and the Ansible inventory select on. */
    static Map<String, String> instanceTags(Context c, Tier tier) {
        return c.tags("Name", c.topology.name() + "-" + tier.id(), "Tier", tier.id());
    }

    private static String launchTemplate(Context c, Tier tier, String rootDevice) {
        Ec2Client ec2 = c.aws.ec2();
        List<Tag> instanceTags = instanceTags(c, tier).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        List<LaunchTemplateBlockDeviceMappingRequest> disks = new ArrayList<>();
        disks.add(LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(rootDevice).ebs(e -> e
                .volumeType(VolumeType.GP3).volumeSize(ROOT_VOLUME_GIB).encrypted(true).deleteOnTermination(true)).build());
        if (tier == Tier.PROMETHEUS && c.topology.prometheus().storage().type() == StorageType.EBS) {
            disks.add(LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/sdf").ebs(e -> e
                    .volumeType(VolumeType.GP3).volumeSize(c.topology.prometheus().storage().sizeGiB()).encrypted(true)
                    .deleteOnTermination(true)).build());
        }
        // IMDSv2 only, hop limit 1, instance tags readable from IMDS (terraform's metadata_options).
        LaunchTemplateHttpTokensState tokens = c.topology.security().imdsV2()
                ? LaunchTemplateHttpTokensState.REQUIRED : LaunchTemplateHttpTokensState.OPTIONAL;
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName(c.names.launchTemplate(tier))
                .versionDescription(c.topology.name() + " " + tier.id() + " node")
                .launchTemplateData(d -> d.imageId(c.options.imageId()).instanceType(tier.instanceType(c.topology))
                        .ebsOptimized(true).securityGroupIds(c.securityGroups.get(tier.id()))
                        .iamInstanceProfile(p -> p.name(c.instanceProfiles.get(tier)))
                        .metadataOptions(m -> m.httpEndpoint(LaunchTemplateInstanceMetadataEndpointState.ENABLED)
                                .httpTokens(tokens).httpPutResponseHopLimit(1)
                                .instanceMetadataTags(LaunchTemplateInstanceMetadataTagsState.ENABLED))
                        .monitoring(m -> m.enabled(true))
                        .blockDeviceMappings(disks)
                        .tagSpecifications(
                                LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.INSTANCE)
                                        .tags(instanceTags).build(),
                                LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.VOLUME)
                                        .tags(instanceTags).build()))
                .tagSpecifications(c.ec2Tags(ResourceType.LAUNCH_TEMPLATE, "Name", c.names.launchTemplate(tier),
                        "Tier", tier.id())))
                .launchTemplate().launchTemplateId();
        c.ledger.add(M + "aws_launch_template.tier", tier.id(), id, () -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(id)));
        return id;
    }

    private static void autoScalingGroup(Context c, Tier tier, String launchTemplateId) {
        AutoScalingClient asg = c.aws.autoScaling();
        String name = c.names.asg(tier);
        int replicas = tier.replicas(c.topology);
        List<String> targetGroups = c.targetGroups.containsKey(tier) ? List.of(c.targetGroups.get(tier)) : List.of();
        List<software.amazon.awssdk.services.autoscaling.model.Tag> tags = instanceTags(c, tier).entrySet().stream()
                .map(e -> software.amazon.awssdk.services.autoscaling.model.Tag.builder().key(e.getKey()).value(e.getValue())
                        .propagateAtLaunch(true).resourceId(name).resourceType("auto-scaling-group").build())
                .toList();
        // Created empty: AzSpread launches the instances (see there why), then min/desired become the replicas.
        asg.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(l -> l.launchTemplateId(launchTemplateId).version("1"))
                .minSize(0).desiredCapacity(0).maxSize(replicas + 1)
                .vpcZoneIdentifier(String.join(",", c.privateSubnets))
                .targetGroupARNs(targetGroups)
                .healthCheckType(targetGroups.isEmpty() ? "EC2" : "ELB")
                .healthCheckGracePeriod(GRACE_SECONDS).defaultInstanceWarmup(GRACE_SECONDS)
                .tags(tags));
        c.ledger.add(M + "aws_autoscaling_group.tier", tier.id(), name, () -> {
            List<String> ids = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().stream()
                    .flatMap(g -> g.instances().stream()).map(i -> i.instanceId()).toList();
            asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name).forceDelete(true));
            if (!ids.isEmpty()) {
                c.aws.ec2().terminateInstances(r -> r.instanceIds(ids));
            }
        });
        AzSpread.launch(c, name, launchTemplateId, replicas, instanceTags(c, tier));
        asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(replicas).desiredCapacity(replicas));
    }
}
