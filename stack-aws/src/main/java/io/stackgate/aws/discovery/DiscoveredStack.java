package io.stackgate.aws.discovery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link StackDiscovery} found of one stack in one account and region: immutable records of
 * the AWS resources, each with its tags. Lists are in a stable order (by name or id) so that what
 * is derived from them (inspect's findings) comes out the same every time.
 */
public record DiscoveredStack(String stack, List<Subnet> subnets, List<Group> groups,
        List<LaunchTemplateVersion> launchTemplates, List<TargetGroup> targetGroups, List<LoadBalancer> loadBalancers,
        List<SecurityGroup> securityGroups, List<FileSystem> fileSystems, List<Bucket> buckets,
        List<Parameter> parameters) {
    public DiscoveredStack {
        subnets = List.copyOf(subnets);
        groups = List.copyOf(groups);
        launchTemplates = List.copyOf(launchTemplates);
        targetGroups = List.copyOf(targetGroups);
        loadBalancers = List.copyOf(loadBalancers);
        securityGroups = List.copyOf(securityGroups);
        fileSystems = List.copyOf(fileSystems);
        buckets = List.copyOf(buckets);
        parameters = List.copyOf(parameters);
    }

    /** True when nothing at all was found: wrong account, region or endpoint, or no such stack. */
    public boolean isEmpty() {
        return subnets.isEmpty() && groups.isEmpty() && launchTemplates.isEmpty() && targetGroups.isEmpty()
                && loadBalancers.isEmpty() && securityGroups.isEmpty() && fileSystems.isEmpty() && buckets.isEmpty()
                && parameters.isEmpty();
    }

    static Map<String, String> tags(Map<String, String> t) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(t));
    }

    public record Subnet(String id, String availabilityZone, String cidr, Map<String, String> tags) {
        public Subnet {
            tags = DiscoveredStack.tags(tags);
        }
    }

    /** An Auto Scaling group and its instances. */
    public record Group(String name, int min, int max, int desired, List<String> subnetIds,
            List<String> targetGroupArns, Optional<String> launchTemplateId, Optional<String> launchTemplateVersion,
            String healthCheckType, Map<String, String> tags, List<Instance> instances) {
        public Group {
            subnetIds = List.copyOf(subnetIds);
            targetGroupArns = List.copyOf(targetGroupArns);
            tags = DiscoveredStack.tags(tags);
            instances = List.copyOf(instances);
        }

        /** Instances that are InService and Healthy in the group's view. */
        public List<Instance> inServiceHealthy() {
            return instances.stream().filter(i -> "InService".equals(i.lifecycleState()) && "Healthy".equals(i.health()))
                    .toList();
        }
    }

    /** An instance of a group: lifecycle and health as the group reports them, EC2's view of it. */
    public record Instance(String id, String availabilityZone, String lifecycleState, String health, String state,
            String privateIp, String subnetId, Map<String, String> tags) {
        public Instance {
            tags = DiscoveredStack.tags(tags);
        }
    }

    /** One version of a launch template that matters: the default, the latest, or the one a group uses. */
    public record LaunchTemplateVersion(String id, String name, long version, boolean isDefault, String httpTokens,
            Map<String, String> templateTags, Map<String, String> instanceTags) {
        public LaunchTemplateVersion {
            templateTags = DiscoveredStack.tags(templateTags);
            instanceTags = DiscoveredStack.tags(instanceTags);
        }
    }

    public record TargetGroup(String arn, String name, int port, String healthCheckPath, int intervalSeconds,
            int timeoutSeconds, int healthyThreshold, int unhealthyThreshold, String matcher,
            Optional<Integer> deregistrationDelaySeconds, Map<String, String> tags, List<TargetHealth> targets) {
        public TargetGroup {
            tags = DiscoveredStack.tags(tags);
            targets = List.copyOf(targets);
        }
    }

    public record TargetHealth(String id, int port, String state) {
    }

    public record LoadBalancer(String arn, String name, String scheme, List<String> availabilityZones,
            Map<String, String> tags, List<Listener> listeners) {
        public LoadBalancer {
            availabilityZones = List.copyOf(availabilityZones);
            tags = DiscoveredStack.tags(tags);
            listeners = List.copyOf(listeners);
        }

        public boolean internetFacing() {
            return "internet-facing".equals(scheme);
        }
    }

    /** A listener: its first default action's type ({@code forward}, {@code redirect}, …) and redirect protocol. */
    public record Listener(String arn, int port, String protocol, Optional<String> sslPolicy, String actionType,
            Optional<String> redirectProtocol, List<String> targetGroupArns) {
        public Listener {
            targetGroupArns = List.copyOf(targetGroupArns);
        }
    }

    public record SecurityGroup(String id, String name, Map<String, String> tags, List<Ingress> ingress) {
        public SecurityGroup {
            tags = DiscoveredStack.tags(tags);
            ingress = List.copyOf(ingress);
        }
    }

    /**
     * One ingress source of a security group (one IpPermission × one source), {@code protocol} "-1"
     * for all; exactly one of {@code sourceGroup} and {@code cidr} is set.
     */
    public record Ingress(String protocol, int fromPort, int toPort, Optional<String> sourceGroup, Optional<String> cidr) {
        /** True when the rule lets {@code port} over TCP through. */
        public boolean coversTcp(int port) {
            return ("-1".equals(protocol) || "tcp".equals(protocol) || "6".equals(protocol))
                    && ("-1".equals(protocol) || (fromPort <= port && port <= toPort));
        }

        public String describe() {
            String ports = "-1".equals(protocol) ? "all traffic" : protocol + " " + (fromPort == toPort ? fromPort
                    : fromPort + "-" + toPort);
            return ports + " from " + sourceGroup.map(g -> "group " + g).orElseGet(() -> cidr.orElse("?"));
        }
    }

    public record FileSystem(String id, boolean encrypted, Map<String, String> tags, List<MountTarget> mountTargets) {
        public FileSystem {
            tags = DiscoveredStack.tags(tags);
            mountTargets = List.copyOf(mountTargets);
        }
    }

    public record MountTarget(String id, String subnetId, String availabilityZone, String state) {
    }

    /** A bucket: tags, default encryption (empty when none), whether each of the four public access blocks is on. */
    public record Bucket(String name, Map<String, String> tags, Optional<String> encryption,
            boolean publicAccessBlocked, boolean policyPublic, boolean aclPublic) {
        public Bucket {
            tags = DiscoveredStack.tags(tags);
        }
    }

    public record Parameter(String name, String type, Map<String, String> tags) {
        public Parameter {
            tags = DiscoveredStack.tags(tags);
        }
    }
}
