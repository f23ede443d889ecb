package io.stackgate.aws.inspect;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Group;
import io.stackgate.aws.discovery.DiscoveredStack.Instance;
import io.stackgate.aws.discovery.DiscoveredStack.LaunchTemplateVersion;
import io.stackgate.aws.discovery.DiscoveredStack.Subnet;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.FindingCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Subnets, Auto Scaling groups (capacity, AZs, instances, tags) and launch templates (IMDSv2, tags). */
final class ComputeChecks {
    private final Topology t;
    private final StackNames names;
    private final DiscoveredStack s;

    ComputeChecks(Topology t, StackNames names, DiscoveredStack s) {
        this.t = t;
        this.names = names;
        this.s = s;
    }

    void run(List<Finding> out) {
        subnets(out);
        for (Tier tier : Tier.of(t)) {
            Optional<Group> g = s.groups().stream().filter(x -> x.name().equals(names.asg(tier))).findFirst();
            if (g.isEmpty()) {
                out.add(DriftCode.DRIFT_MISSING.at("aws:autoscaling:group/" + names.asg(tier),
                        "the " + tier.id() + " tier has no Auto Scaling group " + names.asg(tier) + ": nothing replaces a "
                                + "lost " + tier.id() + " node",
                        "run terraform apply for this stack (modules/compute)"));
            } else {
                group(out, tier, g.get());
            }
            launchTemplate(out, tier);
        }
    }

    private void subnets(List<Finding> out) {
        for (String kind : List.of("public", "private")) {
            for (String az : t.availabilityZones()) {
                boolean present = s.subnets().stream().anyMatch(x -> x.availabilityZone().equals(az)
                        && kind.equals(x.tags().get("Tier")));
                if (!present) {
                    out.add(DriftCode.DRIFT_MISSING.at("aws:ec2:subnet/" + kind + "/" + az, "no " + kind + " subnet tagged "
                            + "Stack=" + t.name() + " in " + az + ": the stack's nodes and balancers cannot use that zone",
                            "run terraform apply for this stack (modules/networking)"));
                }
            }
        }
    }

    private void group(List<Finding> out, Tier tier, Group g) {
        String path = "aws:autoscaling:group/" + g.name();
        Tags.require(out, path, g.tags(), "Stack", t.name());
        Tags.require(out, path, g.tags(), "Tier", tier.id());
        int replicas = tier.replicas(t);
        capacity(out, path + "/min-size", "min size", g.min(), replicas);
        capacity(out, path + "/desired-capacity", "desired capacity", g.desired(), replicas);
        capacity(out, path + "/max-size", "max size", g.max(), replicas + 1);

        Map<String, String> azOfSubnet = s.subnets().stream().collect(Collectors.toMap(Subnet::id, Subnet::availabilityZone));
        Set<String> groupAzs = g.subnetIds().stream().map(id -> azOfSubnet.getOrDefault(id, "?" + id))
                .collect(Collectors.toCollection(TreeSet::new));
        if (groupAzs.size() < 2) {
            out.add(FindingCode.HA_SINGLE_AZ.at(path + "/vpc-zone-identifier", "the " + tier.id() + " group launches only in "
                    + groupAzs + ": losing that zone loses the whole tier",
                    "give the group one private subnet per AZ of the topology " + t.availabilityZones()));
        } else if (!groupAzs.containsAll(t.availabilityZones())) {
            out.add(DriftCode.DRIFT_AZ_SPREAD.at(path + "/vpc-zone-identifier", "the " + tier.id() + " group's subnets cover "
                    + groupAzs + ", the topology's AZs are " + t.availabilityZones(),
                    "set the group's subnets to the private subnet of every AZ (terraform apply)"));
        }
        // The instances actually running, per AZ: an uneven spread means one AZ loss takes more than its share.
        List<Instance> running = g.inServiceHealthy();
        Map<String, Long> perAz = new TreeMap<>();
        t.availabilityZones().forEach(az -> perAz.put(az, 0L));
        running.forEach(i -> perAz.merge(i.availabilityZone(), 1L, Long::sum));
        long max = perAz.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long min = perAz.values().stream().mapToLong(Long::longValue).min().orElse(0);
        if (running.size() >= 2 && max - min > 1) {
            out.add(DriftCode.DRIFT_AZ_SPREAD.at(path + "/instances", "the " + tier.id() + " instances InService per AZ are "
                    + perAz + ": losing the fullest zone takes " + max + " of " + running.size() + " at once",
                    "rebalance the group (aws autoscaling start-instance-refresh, or terminate the surplus instances of "
                            + "the fullest AZ so the group relaunches them elsewhere)"));
        }
        for (Instance i : running) {
            Tags.require(out, "aws:ec2:instance/" + i.id(), i.tags(), "Stack", t.name());
            Tags.require(out, "aws:ec2:instance/" + i.id(), i.tags(), "Tier", tier.id());
        }
        if (tier.loadBalanced(t)) {
            boolean attached = s.targetGroups().stream().filter(x -> x.name().equals(names.targetGroup(tier)))
                    .anyMatch(x -> g.targetGroupArns().contains(x.arn()));
            if (!attached) {
                out.add(DriftCode.DRIFT_MISSING.at(path + "/target-group-arns", "the " + tier.id() + " group is not attached "
                        + "to target group " + names.targetGroup(tier) + ": its replacements never join the load balancer",
                        "attach the target group to the group (terraform apply)"));
            }
        }
    }

    private static void capacity(List<Finding> out, String path, String what, int actual, int expected) {
        if (actual != expected) {
            out.add(DriftCode.DRIFT_CAPACITY.at(path, what + " is " + actual + ", the model says " + expected
                    + " (min = desired = replicas, max = replicas + 1 for launch-before-terminate refreshes)",
                    "set the group's " + what + " back to " + expected + " (terraform apply), or change replicas in the topology"));
        }
    }

    private void launchTemplate(List<Finding> out, Tier tier) {
        List<LaunchTemplateVersion> versions = s.launchTemplates().stream()
                .filter(v -> v.name().equals(names.launchTemplate(tier))).toList();
        if (versions.isEmpty()) {
            out.add(DriftCode.DRIFT_MISSING.at("aws:ec2:launch-template/" + names.launchTemplate(tier),
                    "the " + tier.id() + " tier has no launch template " + names.launchTemplate(tier),
                    "run terraform apply for this stack (modules/compute)"));
            return;
        }
        String base = "aws:ec2:launch-template/" + versions.get(0).id();
        Tags.require(out, base, versions.get(0).templateTags(), "Tier", tier.id());
        for (LaunchTemplateVersion v : versions) {
            String path = base + "/version/" + v.version();
            if (!"required".equals(v.httpTokens())) {
                out.add(FindingCode.SEC_IMDSV1.at(path + "/metadata-options/http-tokens",
                        "version " + v.version() + (v.isDefault() ? " (the default)" : "") + " of the " + tier.id()
                                + " launch template sets HttpTokens=" + v.httpTokens() + ": instances launched from it "
                                + "answer IMDSv1, so any SSRF on the node can read the instance role's credentials",
                        "set metadata_options.http_tokens = \"required\" (terraform apply creates a new default version)"));
            }
            Tags.require(out, path + "/instance-tags", v.instanceTags(), "Stack", t.name());
            Tags.require(out, path + "/instance-tags", v.instanceTags(), "Tier", tier.id());
        }
    }
}
