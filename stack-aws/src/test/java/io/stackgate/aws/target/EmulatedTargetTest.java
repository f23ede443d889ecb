package io.stackgate.aws.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.aws.Emulated;
import io.stackgate.aws.check.AsgReplacementCheck;
import io.stackgate.aws.check.AzStopCheck;
import io.stackgate.aws.check.ConformanceCheck;
import io.stackgate.aws.check.Ec2DiscoveryCheck;
import io.stackgate.aws.stack.Tier;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.target.ConfigPush;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The emulated seed stack, started once: every instance backed by its binary, real EC2 discovery, and each
 * AWS check PASSED on the stack as deployed and FAILED on the stack broken the way the check exists to catch.
 * After the class: nothing left running, moto included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatedTargetTest {
    static EmulatedTarget target;
    static long motoPid;
    static Path workDir;

    @BeforeAll
    static void start() {
        target = EmulatedTarget.start(Emulated.seed(), new Binaries());
        motoPid = ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("moto_server"))
                .findFirst().map(ProcessHandle::pid).orElse(-1L);
        workDir = target.workDir();
        System.out.println("emulated seed: " + target.figures());
    }

    @AfterAll
    static void stopLeavesNothing() {
        if (target == null) {
            return;
        }
        target.close();
        assertThat(NodeProcess.liveCount()).as("node processes after close").isZero();
        assertThat(ProcessHandle.of(motoPid).map(ProcessHandle::isAlive).orElse(false)).as("moto after close").isFalse();
        assertThat(Files.exists(workDir)).as("working directory after close").isFalse();
    }

    private static CheckResult run(io.stackgate.verify.check.Check check) {
        CheckResult r = Verifier.runOne(check, target, new CheckContext());
        System.out.println(r.name() + " " + r.status() + ": " + r.detail() + "\n  " + String.join("\n  ", r.evidence()));
        return r;
    }

    @Test
    @Order(1)
    void everyInstanceRunsItsBinaryOnItsPrivateIpAndPrometheusDiscoversThemThroughEc2() {
        Nodes nodes = target.require(Nodes.class);
        assertThat(nodes.nodes(io.stackgate.verify.target.Tier.PROMETHEUS)).hasSize(2);
        assertThat(nodes.nodes(io.stackgate.verify.target.Tier.ALERTMANAGER)).hasSize(3);
        assertThat(nodes.nodes(io.stackgate.verify.target.Tier.QUERY)).hasSize(2);
        assertThat(nodes.nodes(io.stackgate.verify.target.Tier.EXPORTER)).as("one application host per AZ").hasSize(2);
        for (Node p : nodes.nodes(io.stackgate.verify.target.Tier.PROMETHEUS)) {
            assertThat(p.url().getHost()).startsWith("127.40.");
            assertThat(nodes.replicaOf(p)).startsWith("i-");
            Awaitility.await(p.id() + " scraping both application hosts found by ec2_sd").atMost(Duration.ofSeconds(20))
                    .until(() -> PrometheusApi.of(p).targets().stream()
                            .filter(t -> t.job().equals("node") && t.health().equals("up")).count() == 2);
        }
        assertThat(target.bundle().text("config/prometheus/prometheus.yml"))
                .contains("endpoint: " + target.endpoint()).contains("instance-state-name");
    }

    @Test
    @Order(2)
    void conformancePassesAndFailsOnAnExporterOpenToTheWorld() {
        assertThat(run(new ConformanceCheck()).status()).isEqualTo(Status.PASSED);
        AwsStack stack = target.require(AwsStack.class);
        String sg = stack.aws().ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:Name")
                .values(stack.names().securityGroupTag("prometheus")).build())).securityGroups().get(0).groupId();
        var rule = stack.aws().ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(9100).toPort(9100).ipRanges(x -> x.cidrIp("0.0.0.0/0")))).securityGroupRules().get(0);
        try {
            CheckResult broken = run(new ConformanceCheck());
            assertThat(broken.status()).isEqualTo(Status.FAILED);
            assertThat(broken.evidence()).anyMatch(e -> e.startsWith("SEC_EXPORTER_OPEN aws:ec2:security-group/" + sg));
        } finally {
            stack.aws().ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).securityGroupRuleIds(rule.securityGroupRuleId()));
        }
    }

    @Test
    @Order(3)
    void theLiveTargetAgainstTheEmulatorsEndpointFindsTheSameNodesAndConforms() {
        // the default credential chain reads these system properties: moto takes any keys
        System.setProperty("aws.accessKeyId", "stackgate-live");
        System.setProperty("aws.secretAccessKey", "stackgate-live");
        try (LiveTarget live = LiveTarget.start(target.topology(), target.topology().region(),
                Optional.of(target.endpoint()), LiveTarget.Via.PRIVATE_IP)) {
            List<Node> proms = live.require(Nodes.class).nodes(io.stackgate.verify.target.Tier.PROMETHEUS);
            assertThat(proms).extracting(n -> n.url().getHost()).containsExactlyInAnyOrderElementsOf(
                    target.require(Nodes.class).nodes(io.stackgate.verify.target.Tier.PROMETHEUS).stream()
                            .map(n -> n.url().getHost()).toList());
            assertThat(proms).allSatisfy(p -> assertThat(PrometheusApi.of(p).ready().ok()).isTrue());
            assertThat(Verifier.runOne(new ConformanceCheck(), live, new CheckContext()).status()).isEqualTo(Status.PASSED);
            assertThat(live.capabilities().missing(io.stackgate.verify.target.ProcessFaults.class)).isPresent();
            assertThat(live.require(AwsStack.class).gapsFilled()).isEmpty();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    @Order(4)
    void ec2DiscoveryPassesAndFailsWhenDiscoveryKeepsTerminatedInstances() {
        assertThat(run(new Ec2DiscoveryCheck()).status()).isEqualTo(Status.PASSED);
        ConfigPush config = target.require(ConfigPush.class);
        String original = config.prometheusConfig();
        // the generated config without its running filter: moto keeps terminated instances listed, AWS stopped ones
        String unfiltered = original.replaceAll("(?m)^ *- name: instance-state-name\\n *values:\\n *- running\\n", "");
        assertThat(unfiltered).isNotEqualTo(original);
        List<Node> proms = target.require(Nodes.class).nodes(io.stackgate.verify.target.Tier.PROMETHEUS);
        try {
            config.writePrometheusConfig(unfiltered);
            proms.forEach(p -> PrometheusApi.of(p).reload());
            CheckResult broken = run(new Ec2DiscoveryCheck());
            assertThat(broken.status()).isEqualTo(Status.FAILED);
            assertThat(broken.detail() + broken.evidence()).contains("terminated instance stayed a target");
        } finally {
            config.writePrometheusConfig(original);
            proms.forEach(p -> PrometheusApi.of(p).reload());
        }
    }

    @Test
    @Order(6)
    void asgReplacementPassesAndFailsWhenTheGroupLostItsTargetGroup() {
        CheckResult ok = run(new AsgReplacementCheck());
        assertThat(ok.status()).isEqualTo(Status.PASSED);
        AwsStack stack = target.require(AwsStack.class);
        String group = stack.names().asg(Tier.PROMETHEUS);
        List<String> tgs = stack.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                .autoScalingGroups().get(0).targetGroupARNs();
        stack.aws().autoScaling().detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(group).targetGroupARNs(tgs));
        try {
            CheckResult broken = run(new AsgReplacementCheck(Duration.ofSeconds(8)));
            assertThat(broken.status()).isEqualTo(Status.FAILED);
            assertThat(broken.detail() + broken.evidence()).contains("registered in the Prometheus target group");
        } finally {
            stack.aws().autoScaling().attachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(group).targetGroupARNs(tgs));
            // the replacement made while detached joins the target group again, as terraform apply would attach it
            List<Node> proms = target.require(Nodes.class).nodes(io.stackgate.verify.target.Tier.PROMETHEUS);
            for (Node p : proms) {
                String id = stack.instanceId(p).orElseThrow();
                stack.aws().elb().registerTargets(r -> r.targetGroupArn(tgs.get(0)).targets(t -> t.id(id)));
            }
        }
    }

    @Test
    @Order(5)
    void azStopPassesAndFailsWhenTheOtherZoneServesNothing() {
        CheckResult ok = run(new AzStopCheck());
        assertThat(ok.status()).isEqualTo(Status.PASSED);
        AwsStack stack = target.require(AwsStack.class);
        ControlPlane control = target.require(ControlPlane.class);
        List<String> zones = target.topology().availabilityZones();
        String stopped = zones.get(0);
        List<ControlPlane.Fault> undo = new ArrayList<>();
        try {
            for (Node q : target.require(Nodes.class).nodes(io.stackgate.verify.target.Tier.QUERY)) {
                if (!stack.zoneOf(q).orElse("").equals(stopped)) {
                    undo.add(control.deregister(q));
                }
            }
            assertThat(undo).as("query nodes outside " + stopped).isNotEmpty();
            CheckResult broken = run(new AzStopCheck(Optional.of(stopped)));
            assertThat(broken.status()).isEqualTo(Status.FAILED);
            assertThat(broken.detail() + broken.evidence()).contains("failed after the balancer had taken");
        } finally {
            undo.forEach(control::rollback);
        }
    }
}
