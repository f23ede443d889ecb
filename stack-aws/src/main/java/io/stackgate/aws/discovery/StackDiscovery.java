package io.stackgate.aws.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.discovery.DiscoveredStack.Bucket;
import io.stackgate.aws.discovery.DiscoveredStack.FileSystem;
import io.stackgate.aws.discovery.DiscoveredStack.Group;
import io.stackgate.aws.discovery.DiscoveredStack.Ingress;
import io.stackgate.aws.discovery.DiscoveredStack.Instance;
import io.stackgate.aws.discovery.DiscoveredStack.LaunchTemplateVersion;
import io.stackgate.aws.discovery.DiscoveredStack.Listener;
import io.stackgate.aws.discovery.DiscoveredStack.LoadBalancer;
import io.stackgate.aws.discovery.DiscoveredStack.MountTarget;
import io.stackgate.aws.discovery.DiscoveredStack.Parameter;
import io.stackgate.aws.discovery.DiscoveredStack.SecurityGroup;
import io.stackgate.aws.discovery.DiscoveredStack.Subnet;
import io.stackgate.aws.discovery.DiscoveredStack.TargetGroup;
import io.stackgate.aws.discovery.DiscoveredStack.TargetHealth;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/**
 * Finds a deployed stack in one account and region by its tags ({@code Stack=<name>}), and also
 * by the names terraform/ gives its resources, so that a resource that lost its tags is still found
 * (and reported as {@code DRIFT_TAGS} rather than missing). Only reads; works against AWS and an
 * emulator alike.
 *
 * <p>Why one file over 300 lines: one read per resource kind (groups, instances, target groups, listeners,
 * security groups, launch templates, EFS, S3, SSM), each short, all filtered by the same tags and names.
 */
public final class StackDiscovery {
    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    private final AwsClients aws;

    public StackDiscovery(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * Reads every resource of {@code topology}'s stack.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when the APIs cannot be reached or
     *         refuse the credentials
     */
    public DiscoveredStack discover(Topology topology) {
        String stack = topology.name();
        // The region the clients talk to, which --region may set apart from the topology's.
        StackNames names = new StackNames(stack, aws.accountId(), aws.connection().region().id());
        Filter stackTag = Filter.builder().name("tag:Stack").values(stack).build();

        List<Subnet> subnets = aws.ec2().describeSubnets(r -> r.filters(stackTag)).subnets().stream()
                .map(s -> new Subnet(s.subnetId(), s.availabilityZone(), s.cidrBlock(), ec2Tags(s.tags())))
                .sorted(Comparator.comparing(Subnet::id)).toList();
        List<Group> groups = groups(stack, names);
        return new DiscoveredStack(stack, subnets, groups, launchTemplates(stack, names, groups), targetGroups(stack, names),
                loadBalancers(stack, names), securityGroups(stackTag), fileSystems(stack, names), buckets(stack, names),
                parameters(topology));
    }

    /**
     * Waits until every tier of {@code topology} has its desired number of instances InService and
     * Healthy in its group, and each of them healthy in every target group of the group — not just
     * a count of instances.
     *
     * @throws ConditionTimeoutException naming the condition and what was last seen
     */
    public DiscoveredStack awaitHealthy(Topology topology, Duration timeout) {
        AtomicReference<DiscoveredStack> last = new AtomicReference<>();
        AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet");
        try {
            Awaitility.await("every Auto Scaling group of stack " + topology.name()
                    + " has its desired instances InService, Healthy and healthy in its target groups")
                    .atMost(timeout).pollInterval(Duration.ofMillis(500)).pollInSameThread()
                    .until(() -> {
                        DiscoveredStack s = discover(topology);
                        last.set(s);
                        String missing = unhealthy(topology, s);
                        lastSeen.set(missing);
                        return missing.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new ConditionTimeoutException(e.getMessage() + "; last seen: " + lastSeen.get());
        }
        return last.get();
    }

    /** What is not yet healthy, one clause per tier; empty when everything is. */
    static String unhealthy(Topology topology, DiscoveredStack s) {
        List<String> out = new ArrayList<>();
        for (Tier tier : Tier.of(topology)) {
            String name = topology.name() + "-" + tier.id();
            Optional<Group> g = s.groups().stream().filter(x -> x.name().equals(name)).findFirst();
            if (g.isEmpty()) {
                out.add(name + ": no such group");
                continue;
            }
            List<Instance> ready = g.get().inServiceHealthy();
            if (ready.size() < g.get().desired()) {
                out.add(name + ": " + ready.size() + " of " + g.get().desired() + " InService+Healthy");
                continue;
            }
            for (String tgArn : g.get().targetGroupArns()) {
                Set<String> healthy = s.targetGroups().stream().filter(t -> t.arn().equals(tgArn))
                        .flatMap(t -> t.targets().stream()).filter(t -> "healthy".equals(t.state()))
                        .map(TargetHealth::id).collect(Collectors.toSet());
                List<String> notHealthy = ready.stream().map(Instance::id).filter(id -> !healthy.contains(id)).toList();
                if (!notHealthy.isEmpty()) {
                    out.add(name + ": " + notHealthy + " not healthy in " + tgArn);
                }
            }
        }
        return String.join("; ", out);
    }

    private List<Group> groups(String stack, StackNames names) {
        Set<String> expected = Tier.all().stream().map(names::asg).collect(Collectors.toSet());
        List<AutoScalingGroup> found = new ArrayList<>();
        aws.autoScaling().describeAutoScalingGroupsPaginator(r -> { }).autoScalingGroups().forEach(g -> {
            boolean tagged = g.tags().stream().anyMatch(t -> t.key().equals("Stack") && t.value().equals(stack));
            if (tagged || expected.contains(g.autoScalingGroupName())) {
                found.add(g);
            }
        });
        List<String> ids = found.stream().flatMap(g -> g.instances().stream()).map(i -> i.instanceId()).toList();
        Map<String, software.amazon.awssdk.services.ec2.model.Instance> ec2 = new HashMap<>();
        if (!ids.isEmpty()) {
            aws.ec2().describeInstancesPaginator(r -> r.instanceIds(ids)).reservations()
                    .forEach(res -> res.instances().forEach(i -> ec2.put(i.instanceId(), i)));
        }
        return found.stream().map(g -> {
            List<Instance> instances = g.instances().stream().map(i -> {
                var e = ec2.get(i.instanceId());
                return new Instance(i.instanceId(), i.availabilityZone(), i.lifecycleStateAsString(), i.healthStatus(),
                        e == null ? "unknown" : e.state().nameAsString(), e == null ? "" : e.privateIpAddress(),
                        e == null ? "" : e.subnetId(), e == null ? Map.of() : ec2Tags(e.tags()));
            }).sorted(Comparator.comparing(Instance::id)).toList();
            var lt = Optional.ofNullable(g.launchTemplate());
            return new Group(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(),
                    g.vpcZoneIdentifier() == null || g.vpcZoneIdentifier().isBlank() ? List.of()
                            : List.of(g.vpcZoneIdentifier().split(",")),
                    g.targetGroupARNs(), lt.map(l -> l.launchTemplateId()), lt.map(l -> l.version()),
                    g.healthCheckType(),
                    g.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a)), instances);
        }).sorted(Comparator.comparing(Group::name)).toList();
    }

    private List<LaunchTemplateVersion> launchTemplates(String stack, StackNames names, List<Group> groups) {
        Set<String> expected = Tier.all().stream().map(names::launchTemplate).collect(Collectors.toSet());
        List<LaunchTemplate> templates = new ArrayList<>();
        aws.ec2().describeLaunchTemplatesPaginator(r -> { }).launchTemplates().forEach(t -> {
            boolean tagged = t.tags().stream().anyMatch(x -> x.key().equals("Stack") && x.value().equals(stack));
            if (tagged || expected.contains(t.launchTemplateName())) {
                templates.add(t);
            }
        });
        List<LaunchTemplateVersion> out = new ArrayList<>();
        for (LaunchTemplate t : templates) {
            Set<String> versions = new LinkedHashSet<>(List.of("$Default", "$Latest"));
            groups.stream().filter(g -> g.launchTemplateId().filter(t.launchTemplateId()::equals).isPresent())
                    .forEach(g -> g.launchTemplateVersion().ifPresent(versions::add));
            Map<Long, LaunchTemplateVersion> byNumber = new TreeMap<>();
            aws.ec2().describeLaunchTemplateVersions(r -> r.launchTemplateId(t.launchTemplateId()).versions(versions))
                    .launchTemplateVersions().forEach(v -> {
                        var data = v.launchTemplateData();
                        String tokens = data.metadataOptions() == null || data.metadataOptions().httpTokens() == null
                                ? "optional" : data.metadataOptions().httpTokensAsString();
                        Map<String, String> instanceTags = new TreeMap<>();
                        data.tagSpecifications().stream().filter(s -> "instance".equals(s.resourceTypeAsString()))
                                .forEach(s -> s.tags().forEach(x -> instanceTags.put(x.key(), x.value())));
                        byNumber.put(v.versionNumber(), new LaunchTemplateVersion(t.launchTemplateId(),
                                t.launchTemplateName(), v.versionNumber(), Boolean.TRUE.equals(v.defaultVersion()), tokens,
                                ec2Tags(t.tags()), instanceTags));
                    });
            out.addAll(byNumber.values());
        }
        out.sort(Comparator.comparing(LaunchTemplateVersion::name).thenComparing(LaunchTemplateVersion::version));
        return out;
    }

    private Map<String, Map<String, String>> elbTags(List<String> arns) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 20));
            for (TagDescription d : aws.elb().describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
                out.put(d.resourceArn(), d.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a)));
            }
        }
        return out;
    }

    private List<TargetGroup> targetGroups(String stack, StackNames names) {
        Set<String> expected = Tier.all().stream().map(names::targetGroup).collect(Collectors.toSet());
        var all = new ArrayList<software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup>();
        aws.elb().describeTargetGroupsPaginator(r -> { }).targetGroups().forEach(all::add);
        Map<String, Map<String, String>> tags = elbTags(all.stream().map(t -> t.targetGroupArn()).toList());
        List<TargetGroup> out = new ArrayList<>();
        for (var t : all) {
            Map<String, String> tg = tags.getOrDefault(t.targetGroupArn(), Map.of());
            if (!stack.equals(tg.get("Stack")) && !expected.contains(t.targetGroupName())) {
                continue;
            }
            Optional<Integer> delay = aws.elb().describeTargetGroupAttributes(r -> r.targetGroupArn(t.targetGroupArn()))
                    .attributes().stream().filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                    .map(a -> Integer.parseInt(a.value())).findFirst();
            List<TargetHealth> health = aws.elb().describeTargetHealth(r -> r.targetGroupArn(t.targetGroupArn()))
                    .targetHealthDescriptions().stream()
                    .map(h -> new TargetHealth(h.target().id(), h.target().port() == null ? t.port() : h.target().port(),
                            h.targetHealth().stateAsString()))
                    .sorted(Comparator.comparing(TargetHealth::id)).toList();
            out.add(new TargetGroup(t.targetGroupArn(), t.targetGroupName(), t.port(), t.healthCheckPath(),
                    t.healthCheckIntervalSeconds(), t.healthCheckTimeoutSeconds(), t.healthyThresholdCount(),
                    t.unhealthyThresholdCount(), t.matcher() == null ? "" : t.matcher().httpCode(), delay, tg, health));
        }
        out.sort(Comparator.comparing(TargetGroup::name));
        return out;
    }

    private List<LoadBalancer> loadBalancers(String stack, StackNames names) {
        Set<String> expected = Set.of(names.publicLoadBalancer(), names.internalLoadBalancer());
        var all = new ArrayList<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer>();
        aws.elb().describeLoadBalancersPaginator(r -> { }).loadBalancers().forEach(all::add);
        Map<String, Map<String, String>> tags = elbTags(all.stream().map(l -> l.loadBalancerArn()).toList());
        List<LoadBalancer> out = new ArrayList<>();
        for (var lb : all) {
            Map<String, String> t = tags.getOrDefault(lb.loadBalancerArn(), Map.of());
            if (!stack.equals(t.get("Stack")) && !expected.contains(lb.loadBalancerName())) {
                continue;
            }
            List<Listener> listeners = aws.elb().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners()
                    .stream().map(l -> {
                        Optional<Action> first = l.defaultActions().stream().findFirst();
                        return new Listener(l.listenerArn(), l.port(), l.protocolAsString(), Optional.ofNullable(l.sslPolicy()),
                                first.map(Action::typeAsString).orElse(""),
                                first.map(Action::redirectConfig).map(c -> c.protocol()),
                                l.defaultActions().stream().map(Action::targetGroupArn).filter(a -> a != null).toList());
                    }).sorted(Comparator.comparing(Listener::port)).toList();
            out.add(new LoadBalancer(lb.loadBalancerArn(), lb.loadBalancerName(), lb.schemeAsString(),
                    lb.availabilityZones().stream().map(z -> z.zoneName()).sorted().toList(), t, listeners));
        }
        out.sort(Comparator.comparing(LoadBalancer::name));
        return out;
    }

    private List<SecurityGroup> securityGroups(Filter stackTag) {
        return aws.ec2().describeSecurityGroups(r -> r.filters(stackTag)).securityGroups().stream()
                .map(g -> new SecurityGroup(g.groupId(), g.groupName(), ec2Tags(g.tags()), ingress(g.ipPermissions())))
                .sorted(Comparator.comparing(SecurityGroup::id)).toList();
    }

    /** One entry per permission × source, sorted by content: the index in a finding's path is stable. */
    static List<Ingress> ingress(List<IpPermission> permissions) {
        List<Ingress> out = new ArrayList<>();
        for (IpPermission p : permissions) {
            int from = p.fromPort() == null ? -1 : p.fromPort();
            int to = p.toPort() == null ? -1 : p.toPort();
            p.userIdGroupPairs().forEach(g -> out.add(new Ingress(p.ipProtocol(), from, to, Optional.of(g.groupId()), Optional.empty())));
            p.ipRanges().forEach(c -> out.add(new Ingress(p.ipProtocol(), from, to, Optional.empty(), Optional.of(c.cidrIp()))));
            p.ipv6Ranges().forEach(c -> out.add(new Ingress(p.ipProtocol(), from, to, Optional.empty(), Optional.of(c.cidrIpv6()))));
        }
        out.sort(Comparator.comparing(Ingress::protocol).thenComparingInt(Ingress::fromPort).thenComparingInt(Ingress::toPort)
                .thenComparing(i -> i.sourceGroup().orElse("")).thenComparing(i -> i.cidr().orElse("")));
        return out;
    }

    private List<FileSystem> fileSystems(String stack, StackNames names) {
        List<FileSystem> out = new ArrayList<>();
        for (JsonNode fs : aws.efs().describeFileSystems(Map.of()).path("FileSystems")) {
            Map<String, String> tags = new TreeMap<>();
            fs.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            if (!stack.equals(tags.get("Stack")) && !names.efsCreationToken().equals(fs.path("CreationToken").asText())) {
                continue;
            }
            String id = fs.path("FileSystemId").asText();
            List<MountTarget> mts = new ArrayList<>();
            for (JsonNode mt : aws.efs().describeMountTargets(id).path("MountTargets")) {
                mts.add(new MountTarget(mt.path("MountTargetId").asText(), mt.path("SubnetId").asText(),
                        mt.path("AvailabilityZoneName").asText(), mt.path("LifeCycleState").asText()));
            }
            mts.sort(Comparator.comparing(MountTarget::availabilityZone).thenComparing(MountTarget::id));
            out.add(new FileSystem(id, fs.path("Encrypted").asBoolean(false), tags, mts));
        }
        out.sort(Comparator.comparing(FileSystem::id));
        return out;
    }

    private List<Bucket> buckets(String stack, StackNames names) {
        Set<String> expected = Set.of(names.configBucket(), names.logBucket());
        List<Bucket> out = new ArrayList<>();
        for (var b : aws.s3().listBuckets().buckets()) {
            String name = b.name();
            // ListBuckets spans every region; the stack's buckets carry their region in the name.
            if (!name.startsWith(stack + "-") || !name.contains("-" + names.region() + "-")) {
                continue;
            }
            Map<String, String> tags = orEmpty(() -> aws.s3().getBucketTagging(r -> r.bucket(name)).tagSet().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value(), (x, y) -> x)), Map.of());
            if (!stack.equals(tags.get("Stack")) && !expected.contains(name)) {
                continue;
            }
            Optional<String> sse = orEmpty(() -> aws.s3().getBucketEncryption(r -> r.bucket(name))
                    .serverSideEncryptionConfiguration().rules().stream()
                    .map(x -> x.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).findFirst(), Optional.empty());
            boolean blocked = orEmpty(() -> {
                var p = aws.s3().getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
                return Boolean.TRUE.equals(p.blockPublicAcls()) && Boolean.TRUE.equals(p.ignorePublicAcls())
                        && Boolean.TRUE.equals(p.blockPublicPolicy()) && Boolean.TRUE.equals(p.restrictPublicBuckets());
            }, false);
            boolean policyPublic = orEmpty(() -> Boolean.TRUE.equals(
                    aws.s3().getBucketPolicyStatus(r -> r.bucket(name)).policyStatus().isPublic()), false);
            boolean aclPublic = aws.s3().getBucketAcl(r -> r.bucket(name)).grants().stream().map(Grant::grantee)
                    .anyMatch(g -> ALL_USERS.equals(g.uri()) || AUTHENTICATED_USERS.equals(g.uri()));
            out.add(new Bucket(name, tags, sse, blocked, policyPublic, aclPublic));
        }
        out.sort(Comparator.comparing(Bucket::name));
        return out;
    }

    private List<Parameter> parameters(Topology topology) {
        String name = topology.grafana().adminPassword().ssmParameter();
        if (name.isEmpty()) {
            return List.of();
        }
        List<Parameter> out = new ArrayList<>();
        for (ParameterMetadata p : aws.ssm().describeParameters(r -> r.parameterFilters(f -> f.key("Name").values(name)))
                .parameters()) {
            Map<String, String> tags = aws.ssm().listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
                    .resourceId(p.name())).tagList().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a));
            out.add(new Parameter(p.name(), p.typeAsString(), tags));
        }
        return out;
    }

    private static Map<String, String> ec2Tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return tags.stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a, TreeMap::new));
    }

    /** A read whose "not configured" answer is an error on S3 (no tags, no encryption, no policy). */
    private static <T> T orEmpty(java.util.function.Supplier<T> read, T absent) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return absent;
            }
            throw e;
        }
    }

}
