package io.stackgate.aws.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.Emulated;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.deploy.Deployment;
import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.SecurityGroup;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;

/**
 * The seed stack deployed into a real moto server conforms; each test then breaks it one way
 * through the SDK, expects inspect to report exactly that defect with the resource's path, and
 * undoes the break (the stack must conform again afterwards, which the next test relies on).
 */
class InspectorTest {
    static MotoServer moto;
    static AwsClients aws;
    static Topology seed;
    static StackNames names;

    @BeforeAll
    static void deploySeed() {
        seed = Emulated.seed();
        moto = MotoServer.start();
        aws = Emulated.clients(moto, seed);
        Deployment d = new Deployer(aws).deploy(seed, Emulated.options(aws));
        names = StackNames.of(seed, aws.accountId());
        System.out.println("deploy: " + d.took().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void stackConformsAgain() {
        assertThat(inspect()).as("the stack after undoing the break").isEmpty();
    }

    static List<Finding> inspect() {
        long start = System.nanoTime();
        DiscoveredStack s = new StackDiscovery(aws).discover(seed);
        List<Finding> f = new Inspector().inspect(seed, names, s);
        System.out.println("inspect: " + (System.nanoTime() - start) / 1_000_000 + " ms, " + f.size() + " findings");
        return f;
    }

    static List<String> codesAndPaths(List<Finding> findings) {
        return findings.stream().map(f -> f.code() + " " + f.path()).toList();
    }

    private static String group(String key) {
        return aws.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:Name")
                .values(names.securityGroupTag(key)).build())).securityGroups().get(0).groupId();
    }

    /** The index inspect gives an ingress entry: its place in discovery's sorted list. */
    private static int ingressIndex(String groupId, int port, String cidr) {
        SecurityGroup g = new StackDiscovery(aws).discover(seed).securityGroups().stream()
                .filter(x -> x.id().equals(groupId)).findFirst().orElseThrow();
        for (int i = 0; i < g.ingress().size(); i++) {
            if (g.ingress().get(i).fromPort() == port && g.ingress().get(i).cidr().filter(cidr::equals).isPresent()) {
                return i;
            }
        }
        throw new AssertionError("no ingress " + port + " from " + cidr + " on " + groupId);
    }

    private static IpPermission world(int port) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
    }

    @Test
    void theDeployedSeedStackConformsOnceHealthy() {
        DiscoveredStack s = new StackDiscovery(aws).awaitHealthy(seed, Duration.ofSeconds(30));
        assertThat(s.groups()).hasSize(4).allSatisfy(g -> assertThat(g.inServiceHealthy()).hasSize(g.desired()));
        assertThat(new Inspector().inspect(seed, names, s)).isEmpty();
    }

    @Test
    void exporterPortOpenToTheWorldIsSecExporterOpen() {
        String sg = group("grafana");
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(world(9100)));
        try {
            int i = ingressIndex(sg, 9100, "0.0.0.0/0");
            assertThat(codesAndPaths(inspect()))
                    .containsExactly("SEC_EXPORTER_OPEN aws:ec2:security-group/" + sg + "/ingress[" + i + "]");
        } finally {
            aws.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(world(9100)));
        }
    }

    @Test
    void sshOpenToTheWorldIsSecSshOpenWorld() {
        String sg = group("prometheus");
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(world(22)));
        try {
            int i = ingressIndex(sg, 22, "0.0.0.0/0");
            assertThat(codesAndPaths(inspect()))
                    .containsExactly("SEC_SSH_OPEN_WORLD aws:ec2:security-group/" + sg + "/ingress[" + i + "]");
        } finally {
            aws.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(world(22)));
        }
    }

    @Test
    void anUnmodelledRuleIsDriftIngress() {
        String sg = group("alertmanager");
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(8080).toPort(8080).ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build()).build()));
        try {
            int i = ingressIndex(sg, 8080, "10.0.0.0/8");
            assertThat(codesAndPaths(inspect()))
                    .containsExactly("DRIFT_INGRESS aws:ec2:security-group/" + sg + "/ingress[" + i + "]");
        } finally {
            aws.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                    .fromPort(8080).toPort(8080).ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build()).build()));
        }
    }

    @Test
    void aLaunchTemplateVersionWithOptionalTokensIsSecImdsv1() {
        io.stackgate.aws.stack.Tier tier = io.stackgate.aws.stack.Tier.ALERTMANAGER;
        String lt = aws.ec2().describeLaunchTemplates(r -> r.launchTemplateNames(names.launchTemplate(tier)))
                .launchTemplates().get(0).launchTemplateId();
        long broken = newVersion(lt, tier, LaunchTemplateHttpTokensState.OPTIONAL);
        try {
            assertThat(codesAndPaths(inspect())).containsExactly(
                    "SEC_IMDSV1 aws:ec2:launch-template/" + lt + "/version/" + broken + "/metadata-options/http-tokens");
        } finally {
            // moto answers DeleteLaunchTemplateVersions with HTTP 500: a newer, fixed version supersedes it instead.
            newVersion(lt, tier, LaunchTemplateHttpTokensState.REQUIRED);
        }
    }

    /**
     * A new version with the given tokens and the tier's instance tags. moto does not merge
     * {@code SourceVersion}'s data as AWS does, so the tags are given again.
     */
    private static long newVersion(String lt, io.stackgate.aws.stack.Tier tier, LaunchTemplateHttpTokensState tokens) {
        var tags = List.of(software.amazon.awssdk.services.ec2.model.Tag.builder().key("Stack").value(seed.name()).build(),
                software.amazon.awssdk.services.ec2.model.Tag.builder().key("Tier").value(tier.id()).build());
        return aws.ec2().createLaunchTemplateVersion(r -> r.launchTemplateId(lt).sourceVersion("1")
                .launchTemplateData(d -> d.metadataOptions(m -> m.httpTokens(tokens))
                        .tagSpecifications(t -> t.resourceType(software.amazon.awssdk.services.ec2.model.ResourceType.INSTANCE)
                                .tags(tags))))
                .launchTemplateVersion().versionNumber();
    }

    @Test
    void aChangedDesiredCapacityIsDriftCapacity() {
        String asg = names.asg(io.stackgate.aws.stack.Tier.PROMETHEUS);
        List<String> before = instanceIds(asg);
        aws.autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(asg).desiredCapacity(3));
        try {
            assertThat(codesAndPaths(inspect()))
                    .containsExactly("DRIFT_CAPACITY aws:autoscaling:group/" + asg + "/desired-capacity");
        } finally {
            // Remove exactly the instance the scale-out added, so the original AZ spread stays.
            for (String id : instanceIds(asg)) {
                if (!before.contains(id)) {
                    aws.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(id)
                            .shouldDecrementDesiredCapacity(true));
                }
            }
        }
    }

    private static List<String> instanceIds(String asg) {
        return aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(asg)).autoScalingGroups().get(0)
                .instances().stream().map(Instance::instanceId).toList();
    }

    @Test
    void aChangedHealthCheckIntervalIsDriftHealthCheck() {
        String tg = aws.elb().describeTargetGroups(r -> r.names(names.targetGroup(io.stackgate.aws.stack.Tier.GRAFANA)))
                .targetGroups().get(0).targetGroupArn();
        aws.elb().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckIntervalSeconds(20));
        try {
            assertThat(codesAndPaths(inspect())).containsExactly("DRIFT_HEALTH_CHECK aws:elasticloadbalancing:target-group/"
                    + names.targetGroup(io.stackgate.aws.stack.Tier.GRAFANA) + "/health-check/interval");
        } finally {
            aws.elb().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckIntervalSeconds(10));
        }
    }

    @Test
    void aHealthCheckSlowerThanTheBudgetIsLbFailoverBudgetToo() {
        String name = names.targetGroup(io.stackgate.aws.stack.Tier.PROMETHEUS);
        String tg = aws.elb().describeTargetGroups(r -> r.names(name)).targetGroups().get(0).targetGroupArn();
        // 20 s x 7 = 140 s to take a dead replica out (ALB thresholds go up to 10, so the interval changes too)
        assertThat(20 * 7).as("slower than the seed's budget").isGreaterThan(seed.loadBalancers().failoverBudgetSeconds());
        aws.elb().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckIntervalSeconds(20).unhealthyThresholdCount(7));
        try {
            assertThat(codesAndPaths(inspect())).containsExactlyInAnyOrder(
                    "DRIFT_HEALTH_CHECK aws:elasticloadbalancing:target-group/" + name + "/health-check/interval",
                    "DRIFT_HEALTH_CHECK aws:elasticloadbalancing:target-group/" + name + "/health-check/unhealthy-threshold",
                    "LB_FAILOVER_BUDGET aws:elasticloadbalancing:target-group/" + name + "/health-check");
        } finally {
            aws.elb().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckIntervalSeconds(10).unhealthyThresholdCount(2));
        }
    }

    @Test
    void aDeletedTierTagIsDriftTags() {
        String asg = names.asg(io.stackgate.aws.stack.Tier.GRAFANA);
        aws.autoScaling().deleteTags(r -> r.tags(t -> t.resourceId(asg).resourceType("auto-scaling-group").key("Tier")));
        try {
            assertThat(codesAndPaths(inspect())).containsExactly("DRIFT_TAGS aws:autoscaling:group/" + asg + "/tag/Tier");
        } finally {
            aws.autoScaling().createOrUpdateTags(r -> r.tags(t -> t.resourceId(asg).resourceType("auto-scaling-group")
                    .key("Tier").value("grafana").propagateAtLaunch(true)));
        }
    }

    @Test
    void aRemovedMountTargetIsDriftMissingForItsAz() {
        String fs = aws.efs().describeFileSystems(Map.of("CreationToken", names.efsCreationToken())).path("FileSystems")
                .get(0).path("FileSystemId").asText();
        var mt = java.util.stream.StreamSupport.stream(aws.efs().describeMountTargets(fs).path("MountTargets").spliterator(), false)
                .filter(m -> m.path("AvailabilityZoneName").asText().equals("us-east-1b")).findFirst().orElseThrow();
        aws.efs().deleteMountTarget(mt.path("MountTargetId").asText());
        try {
            assertThat(codesAndPaths(inspect()))
                    .containsExactly("DRIFT_MISSING aws:efs:file-system/" + fs + "/mount-target/us-east-1b");
        } finally {
            var body = aws.efs().newBody().put("FileSystemId", fs).put("SubnetId", mt.path("SubnetId").asText());
            body.putArray("SecurityGroups").add(group("efs"));
            aws.efs().createMountTarget(body);
        }
    }

    @Test
    void anOlderTlsPolicyIsDriftTlsPolicyAndAForwardingHttpListenerIsSecPublicPlaintext() {
        var lb = aws.elb().describeLoadBalancers(r -> r.names(names.publicLoadBalancer())).loadBalancers().get(0);
        var listeners = aws.elb().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners();
        var https = listeners.stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
        var http = listeners.stream().filter(l -> l.port() == 80).findFirst().orElseThrow();
        String tg = https.defaultActions().get(0).targetGroupArn();
        aws.elb().modifyListener(r -> r.listenerArn(https.listenerArn()).sslPolicy("ELBSecurityPolicy-2016-08"));
        aws.elb().modifyListener(r -> r.listenerArn(http.listenerArn())
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
        try {
            String base = "aws:elasticloadbalancing:load-balancer/" + names.publicLoadBalancer();
            assertThat(codesAndPaths(inspect())).containsExactlyInAnyOrder(
                    "DRIFT_TLS_POLICY " + base + "/listener/443/ssl-policy",
                    "SEC_PUBLIC_PLAINTEXT " + base + "/listener/80");
        } finally {
            aws.elb().modifyListener(r -> r.listenerArn(https.listenerArn()).sslPolicy(seed.loadBalancers().publicLb().tls().sslPolicy()));
            aws.elb().modifyListener(r -> r.listenerArn(http.listenerArn()).defaultActions(http.defaultActions()));
        }
    }

    @Test
    void aConfigBucketWithoutPublicAccessBlockOrEncryptionIsReported() {
        String bucket = names.configBucket();
        var encryption = aws.s3().getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration();
        aws.s3().deletePublicAccessBlock(r -> r.bucket(bucket));
        aws.s3().deleteBucketEncryption(r -> r.bucket(bucket));
        try {
            assertThat(codesAndPaths(inspect())).containsExactlyInAnyOrder(
                    "DRIFT_BUCKET_PUBLIC aws:s3:bucket/" + bucket + "/public-access",
                    "DRIFT_UNENCRYPTED aws:s3:bucket/" + bucket + "/encryption");
        } finally {
            aws.s3().putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                    .blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            aws.s3().putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(encryption));
        }
    }

    /**
     * moto's gap, reported and not papered over: a replacement moto launches lands in the group's
     * first subnet, so after one replacement in us-east-1b both Prometheus replicas run in
     * us-east-1a, and inspect says so. The stack is redeployed afterwards (moto cannot move it back).
     */
    @Test
    void aReplacementInTheWrongAzIsDriftAzSpread() {
        String asg = names.asg(io.stackgate.aws.stack.Tier.PROMETHEUS);
        try {
            String inB = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(asg)).autoScalingGroups()
                    .get(0).instances().stream().filter(i -> i.availabilityZone().equals("us-east-1b")).findFirst()
                    .orElseThrow().instanceId();
            aws.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(inB).shouldDecrementDesiredCapacity(false));
            assertThat(codesAndPaths(inspect())).containsExactly("DRIFT_AZ_SPREAD aws:autoscaling:group/" + asg + "/instances");
        } finally {
            moto.reset();
            new Deployer(aws).deploy(seed, Emulated.options(aws));
        }
    }
}
