package io.stackgate.aws.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.Emulated;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.model.Topology;
import io.stackgate.verify.target.ControlPlane.Fault;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Each AWS fault and its rollback against the seed stack deployed into a real moto server, observed
 * through the API (DescribeInstances state, the group's instances, DescribeTargetHealth). Every test
 * leaves the stack healthy again (checked after each), which the next one relies on.
 */
class AwsControlPlaneTest {
    static MotoServer moto;
    static AwsClients aws;
    static Topology seed;
    AwsControlPlane plane = new AwsControlPlane(aws, seed, Duration.ofSeconds(30));

    @BeforeAll
    static void deploySeed() {
        seed = Emulated.seed();
        moto = MotoServer.start();
        aws = Emulated.clients(moto, seed);
        new Deployer(aws).deploy(seed, Emulated.options(aws));
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
    void stackIsHealthyAgain() {
        for (Fault f : plane.active()) {
            plane.rollback(f);
        }
        new StackDiscovery(aws).awaitHealthy(seed, Duration.ofSeconds(20));
    }

    @Test
    void terminateGoesThroughTheGroupWhichLaunchesAReplacementRegisteredInItsTargetGroup() {
        String group = seed.name() + "-prometheus";
        List<String> before = groupInstances(group);
        String victim = before.get(0);

        Fault f = plane.terminate(node(Tier.PROMETHEUS, victim));

        assertThat(f.action()).isEqualTo(Actions.TERMINATE);
        assertThat(f.instanceIds()).containsExactly(victim);
        assertThat(f.zone()).isEqualTo(instance(victim).placement().availabilityZone());
        assertThat(f.details()).containsEntry(Actions.GROUP, group).containsEntry(Actions.DESIRED_BEFORE, "2")
                .containsEntry(Actions.TIER, "prometheus");
        assertThat(instance(victim).state().nameAsString()).isIn("shutting-down", "terminated");
        List<String> after = groupInstances(group);
        assertThat(after).as("the group kept its capacity with a replacement").hasSize(before.size()).doesNotContain(victim);
        String replacement = after.stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();
        assertThat(targetIds(group)).contains(replacement);

        Undone u = plane.undo(f);
        assertThat(u.done()).as("capacity was never lowered: nothing to restore").isEmpty();
        assertThat(plane.active()).isEmpty();
    }

    @Test
    void terminateRollbackRestoresCapacityThatWasLoweredMeanwhile() {
        String group = seed.name() + "-grafana";
        Fault f = plane.terminate(node(Tier.GRAFANA, groupInstances(group).get(0)));
        aws.autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName(group).minSize(1).desiredCapacity(1));

        Undone u = plane.undo(f);

        assertThat(u.done()).singleElement().asString().contains("UpdateAutoScalingGroup " + group);
        var g = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().get(0);
        assertThat(g.minSize()).isEqualTo(2);
        assertThat(g.desiredCapacity()).isEqualTo(2);
        assertThat(plane.undo(f).done()).as("a second rollback changes nothing").isEmpty();
    }

    @Test
    void stopZoneStopsEveryStackInstanceOfThatZoneOnlyAndTheRollbackStartsThem() {
        String zone = seed.availabilityZones().get(1);
        Map<String, List<String>> running = runningByZone();
        assertThat(running.get(zone)).isNotEmpty();

        Fault f = plane.stopZone(zone);

        assertThat(f.instanceIds()).containsExactlyInAnyOrderElementsOf(running.get(zone));
        assertThat(f.zone()).isEqualTo(zone);
        assertThat(f.instanceIds()).allSatisfy(id -> assertThat(instance(id).state().nameAsString()).isIn("stopping", "stopped"));
        Map<String, List<String>> during = runningByZone();
        assertThat(during).doesNotContainKey(zone);
        String other = seed.availabilityZones().get(0);
        assertThat(during.get(other)).containsExactlyInAnyOrderElementsOf(running.get(other));

        Undone u = plane.undo(f);

        assertThat(u.done()).singleElement().asString().startsWith("StartInstances");
        assertThat(runningByZone()).isEqualTo(running);
        Undone again = plane.undo(f);
        assertThat(again.done()).as("idempotent").isEmpty();
        assertThat(again.unchanged()).hasSize(f.instanceIds().size()).allMatch(s -> s.contains("running"));
    }

    @Test
    void deregisterTakesTheInstanceOutOfItsTargetGroupAndTheRollbackRegistersItAgain() {
        String group = seed.name() + "-prometheus";
        String victim = groupInstances(group).get(1);
        Instance i = instance(victim);
        // by private IP, as a node of a target that does not name its nodes by instance id
        Node byIp = new Node(Tier.PROMETHEUS, "prometheus-2", 2, URI.create("http://" + i.privateIpAddress() + ":9090"));

        Fault f = plane.deregister(byIp);

        assertThat(f.instanceIds()).containsExactly(victim);
        assertThat(f.details().get(Actions.TARGETS)).contains(":targetgroup/").endsWith("=9090");
        assertThat(targetIds(group)).doesNotContain(victim);

        Undone u = plane.undo(f);
        assertThat(u.done()).singleElement().asString().startsWith("RegisterTargets " + victim + ":9090");
        assertThat(targetIds(group)).contains(victim);
        assertThat(plane.undo(f).done()).isEmpty();
    }

    @Test
    void refusesAnInstanceNotTaggedWithTheStackAndChangesNothing() {
        String subnet = aws.ec2().describeSubnets(r -> r.filters(Filter.builder().name("tag:Stack").values(seed.name()).build()))
                .subnets().get(0).subnetId();
        String image = Emulated.options(aws).imageId();
        String untagged = aws.ec2().runInstances(r -> r.imageId(image).minCount(1).maxCount(1).subnetId(subnet))
                .instances().get(0).instanceId();
        String otherStack = aws.ec2().runInstances(r -> r.imageId(image).minCount(1).maxCount(1).subnetId(subnet)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(x -> x.key("Stack").value("other"))))
                .instances().get(0).instanceId();
        try {
            assertThatThrownBy(() -> plane.terminate(node(Tier.PROMETHEUS, untagged)))
                    .isInstanceOf(FaultRefusedException.class).hasMessageContaining("is not tagged Stack=obs");
            assertThatThrownBy(() -> plane.deregister(node(Tier.PROMETHEUS, otherStack)))
                    .isInstanceOf(FaultRefusedException.class).hasMessageContaining("(it is tagged Stack=other)");
            assertThatThrownBy(() -> plane.terminate(node(Tier.PROMETHEUS, "i-0123456789abcdef0")))
                    .isInstanceOf(FaultRefusedException.class).hasMessageContaining("no instance with id i-0123456789abcdef0");
            assertThat(instance(untagged).state().nameAsString()).isEqualTo("running");
            assertThat(instance(otherStack).state().nameAsString()).isEqualTo("running");
            assertThat(plane.active()).isEmpty();
        } finally {
            aws.ec2().terminateInstances(r -> r.instanceIds(untagged, otherStack));
        }
    }

    @Test
    void refusesASecondAzWhileOneIsImpairedAndAZoneTheTopologyDoesNotList() {
        String a = seed.availabilityZones().get(0);
        String b = seed.availabilityZones().get(1);
        Map<String, List<String>> running = runningByZone();
        Fault f = plane.stopZone(a);

        assertThatThrownBy(() -> plane.stopZone(b)).isInstanceOf(FaultRefusedException.class)
                .hasMessageContaining("[" + a + "] is already impaired").hasMessageContaining("at most one AZ");
        String inB = running.get(b).get(0);
        assertThatThrownBy(() -> plane.terminate(node(Tier.PROMETHEUS, inB))).isInstanceOf(FaultRefusedException.class)
                .hasMessageContaining("at most one AZ");
        assertThat(runningByZone().get(b)).as("nothing in the second AZ was touched").isEqualTo(running.get(b));
        assertThatThrownBy(() -> plane.stopZone("us-east-1c")).isInstanceOf(FaultRefusedException.class)
                .hasMessageContaining("not one of the topology's availability zones");

        plane.rollback(f);
        assertThat(runningByZone()).isEqualTo(running);
    }

    @Test
    void refusesToDeregisterAnInstanceNoTargetGroupLists() {
        String am = groupInstances(seed.name() + "-alertmanager").get(0);
        assertThatThrownBy(() -> plane.deregister(node(Tier.ALERTMANAGER, am))).isInstanceOf(FaultRefusedException.class)
                .hasMessageContaining("registered in no target group");
    }

    private static Node node(Tier tier, String instanceId) {
        return new Node(tier, instanceId, 1, URI.create("http://127.0.0.1:1"));
    }

    private static List<String> groupInstances(String group) {
        return aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().get(0)
                .instances().stream().map(i -> i.instanceId()).sorted().toList();
    }

    /** Ids registered (and not draining) in the target groups of {@code group}. */
    private static List<String> targetIds(String group) {
        var g = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().get(0);
        return g.targetGroupARNs().stream().flatMap(arn -> aws.elb().describeTargetHealth(r -> r.targetGroupArn(arn))
                .targetHealthDescriptions().stream()).filter(h -> !"draining".equals(h.targetHealth().stateAsString()))
                .map(h -> h.target().id()).sorted().toList();
    }

    private static Instance instance(String id) {
        return aws.ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static Map<String, List<String>> runningByZone() {
        return aws.ec2().describeInstances(r -> r.filters(Filter.builder().name("tag:Stack").values(seed.name()).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .collect(Collectors.groupingBy(i -> i.placement().availabilityZone(), TreeMap::new,
                        Collectors.mapping(Instance::instanceId, Collectors.collectingAndThen(Collectors.toList(),
                                l -> l.stream().sorted().toList()))));
    }
}
