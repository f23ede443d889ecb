package io.stackgate.aws.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Fills one of moto's gaps, in the open: moto launches every instance of an Auto Scaling group in
 * the first subnet of its {@code VPCZoneIdentifier}, where AWS balances them over the AZs. The AZ
 * checks need instances really spread, so the deployer launches a group's initial instances itself,
 * round-robin over the group's subnets in AZ order (RunInstances with the group's launch template and
 * the tags the group would propagate), and attaches them with AttachInstances (which registers them
 * in the group's target groups, as a launch by the group would). Both are real AWS APIs; the result
 * is what AWS's own AZ balancing produces. Replacements moto launches later still land in the first
 * subnet; {@link io.stackgate.aws.inspect.Inspector} then reports the uneven spread.
 */
final class AzSpread {
    private AzSpread() {
    }

    static void launch(Context c, String group, String launchTemplateId, int count, Map<String, String> tags) {
        Ec2Client ec2 = c.aws.ec2();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String subnet = c.privateSubnets.get(i % c.privateSubnets.size());
            String id = ec2.runInstances(r -> r.minCount(1).maxCount(1).subnetId(subnet)
                    .launchTemplate(l -> l.launchTemplateId(launchTemplateId).version("1"))
                    .tagSpecifications(c.ec2Tags(ResourceType.INSTANCE, flatten(tags))))
                    .instances().get(0).instanceId();
            ids.add(id);
        }
        try {
            c.aws.autoScaling().attachInstances(r -> r.autoScalingGroupName(group).instanceIds(ids));
        } catch (RuntimeException e) {
            ec2.terminateInstances(r -> r.instanceIds(ids));
            throw e;
        }
    }

    private static String[] flatten(Map<String, String> tags) {
        List<String> out = new ArrayList<>();
        tags.forEach((k, v) -> {
            if (!k.equals("Stack") && !k.equals("ManagedBy")) {
                out.add(k);
                out.add(v);
            }
        });
        return out.toArray(String[]::new);
    }
}
