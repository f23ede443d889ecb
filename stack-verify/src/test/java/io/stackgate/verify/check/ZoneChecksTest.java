package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.local.net.Availability;
import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The AZ checks on the three-AZ example (az-outage: every property but the failover budget, see
 * below) and failing on a stack broken the way each exists to catch:
 * az-outage on a single-AZ layout, partition on Alertmanagers without a cluster, slow-replica with
 * Grafana's datasource pointing at one replica. As root (AZ namespaces); skipped with the reason otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneChecksTest {
    static LocalTarget env;

    @BeforeAll
    static void start() {
        Availability a = AzNetwork.available();
        assumeTrue(a.available(), a.reason());
        env = LocalTarget.start(Fixtures.example("three-az.yaml"), LocalTarget.Network.ZONES);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static CheckResult run(Check check, Target target) {
        CheckContext ctx = new CheckContext();
        CheckResult r = Verifier.runOne(check, target, ctx);
        System.out.printf("%-14s %-7s %6.2fs %s%n", r.name(), r.status(), r.seconds(), r.detail());
        r.evidence().forEach(e -> System.out.println("    " + e));
        System.out.println("    figures: " + ctx.figures());
        assertThat(ctx.timelines()).as("the fault is on the report's timeline").singleElement()
                .satisfies(t -> assertThat(t.check()).isEqualTo(check.name()));
        return r;
    }

    @Test
    @Order(1)
    void slowReplicaPassesWithTheQueryTier() {
        assertThat(run(new SlowReplicaCheck(), env).status()).isEqualTo(Status.PASSED);
    }

    @Test
    @Order(2)
    void slowReplicaFailsWhenTheDatasourcePointsAtOneReplica() {
        // without a query tier the slowable path is each replica's HTTP; Grafana pointed straight at one: the mistake
        Topology noQuery = Fixtures.example("three-az.yaml").toBuilder().query(Query.none()).build();
        try (LocalTarget e = LocalTarget.start(noQuery, LocalTarget.Network.ZONES)) {
            List<Node> replicas = e.require(Nodes.class).nodes(Tier.PROMETHEUS);
            Target direct = ForwardingTarget.withDatasource(e, replicas.get(replicas.size() - 1).url());
            CheckResult r = run(new SlowReplicaCheck(), direct);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.detail()).containsPattern("queries waited on the slow replica: p99 \\d+ ms over the budget of \\d+ ms");
        }
    }

    /**
     * The three-AZ example survives the AZ: the alert is delivered once, the cluster shrinks and re-forms,
     * the AZ rejoins, history stays complete, and the error window fits its 90 s budget — which it needs:
     * the lost AZ holds a query node, and a balancer with ALB semantics answers the requests it sent to a
     * target that went silent only when its idle timeout expires (60 s on AWS).
     */
    @Test
    @Order(3)
    void azOutageOnThreeAzsHoldsEveryPropertyWithinItsBudget() {
        CheckResult r = run(new AzOutageCheck(), env);
        assertThat(r.status()).as(r.detail() + "\n" + String.join("\n", r.evidence())).isEqualTo(Status.PASSED);
        assertThat(r.evidence()).anyMatch(e -> e.startsWith("the cluster shrank to 2 after"))
                .anyMatch(e -> e.startsWith("the cluster re-formed with 3 after"))
                .anyMatch(e -> e.startsWith("AZ eu-west-1a holds"));
    }

    /**
     * The same outage against a 10 s budget: a request the ALB sends to the silent AZ before its health
     * checks eject the query node there waits for the ALB's 10 s connect timeout (60 s idle timeout on a
     * kept-alive connection) before its 504, so no AZ loss fits; the check says so.
     */
    @Test
    @Order(4)
    void azOutageFailsABudgetTheAlbsTimeoutsCannotHold() {
        Topology tight = env.topology().toBuilder().failoverBudgetSeconds(10).build();
        CheckResult r = run(new AzOutageCheck(), ForwardingTarget.withTopology(env, tight));
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).startsWith("the error window is").contains("over failoverBudgetSeconds = 10");
    }

    @Test
    @Order(5)
    void partitionPassesWithAGossipCluster() {
        CheckResult r = run(new PartitionCheck(), env);
        assertThat(r.status()).isEqualTo(Status.PASSED);
        assertThat(r.evidence()).anyMatch(e -> e.startsWith("the cluster split (the side outside eu-west-1c sees 2) after"));
    }

    @Test
    @Order(6)
    void azOutageFailsOnASingleAzLayout() {
        Topology oneAz = Fixtures.example("three-az.yaml").toBuilder().availabilityZones(List.of("eu-west-1a")).build();
        try (LocalTarget single = LocalTarget.start(oneAz, LocalTarget.Network.ZONES)) {
            CheckResult r = run(new AzOutageCheck(), single);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.detail()).contains("the error window is");
            assertThat(r.evidence()).anyMatch(e -> e.contains("never delivered (0 Alertmanagers left outside the lost AZ)"));
        }
    }

    @Test
    @Order(7)
    void partitionFailsWithoutAGossipCluster() {
        Topology noCluster = Fixtures.example("three-az.yaml").toBuilder().alertmanager(a -> a.cluster(false)).build();
        try (LocalTarget e = LocalTarget.start(noCluster, LocalTarget.Network.ZONES)) {
            CheckResult r = run(new PartitionCheck(), e);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.evidence()).anyMatch(x -> x.contains("without a gossip cluster"))
                    .anyMatch(x -> x.contains("duplicates did not stop after the heal: an alert raised then was delivered 3 times"));
        }
    }
}
