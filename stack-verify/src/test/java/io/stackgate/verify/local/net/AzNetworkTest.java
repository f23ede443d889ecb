package io.stackgate.verify.local.net;

import static io.stackgate.verify.local.net.NetFixtures.statusFromRoot;
import static io.stackgate.verify.local.net.NetFixtures.statusFromZone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzNetworkTest {
    private static final Duration PROBE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @BeforeEach
    void needsNamespaces() {
        NetFixtures.assumeNamespaces();
    }

    @Test
    void everyZoneGetsItsOwnNamespaceSubnetAndAddressesUnderTheRunPrefix() {
        try (AzNetwork net = AzNetwork.create(3, 2)) {
            String id = net.runId();
            assertThat(id).isEqualTo("sg" + ProcessHandle.current().pid() + id.charAt(id.length() - 1));
            assertThat(net.zones()).extracting(Zone::namespace).containsExactly(id + "-0", id + "-1", id + "-2");
            Zone z1 = net.zone(1);
            assertThat(z1.subnet()).startsWith("10.231.").endsWith(".0/24");
            assertThat(z1.addresses()).hasSize(2).allSatisfy(a -> assertThat(a).startsWith(z1.gateway()
                    .substring(0, z1.gateway().lastIndexOf('.') + 1)));
            assertThat(NetFixtures.ip().namespaces()).contains(id + "-0", id + "-1", id + "-2");
            assertThat(NetFixtures.ip().links()).extracting(Ip.Link::name).contains(id + "-br", id + "-v0", id + "-v2");
            // no way out: inside a zone the only routes are the run's own /24s
            String routes = Host.run(net.run(0, NetFixtures.program("ip").toString(), "-4", "route"), PROBE.multipliedBy(5));
            assertThat(routes).doesNotContain("default").contains(net.zone(2).subnet().replace("/24", ""));
            assertThat(net.run(2, "echo", "hi")).containsExactly(NetFixtures.program("ip").toString(), "netns", "exec",
                    id + "-2", "echo", "hi");
            assertThatThrownBy(() -> net.zone(3)).hasMessageContaining("no zone 3").hasMessageContaining("zones 0..2");
        }
    }

    @Test
    void aNodeInAZoneIsReachableFromTheHarnessAndFromAnotherZoneUntilItsZoneGoesDown() {
        try (AzNetwork net = AzNetwork.create(3, 1)) {
            String node = net.zone(1).address(0);
            Host.Started exporter = NetFixtures.exporter(net, 1, node, dir);
            awaitStatus("node exporter in zone 1 answers the root namespace", () -> statusFromRoot(node, PROBE), 200);
            assertThat(statusFromZone(net, 0, node, PROBE)).as("zone 0 -> zone 1").isEqualTo(200);
            assertThat(statusFromZone(net, 1, "127.0.0.1", PROBE)).as("zone 1's own loopback is not the exporter's")
                    .isEqualTo(-1);

            net.outage(1);
            assertThat(net.isDown(1)).isTrue();
            assertThat(statusFromRoot(node, PROBE)).as("root -> zone 1 during the outage").isEqualTo(-1);
            assertThat(statusFromZone(net, 2, node, PROBE)).as("zone 2 -> zone 1 during the outage").isEqualTo(-1);
            assertThat(exporter.isAlive()).as("the network outage leaves the processes running").isTrue();

            long restoring = System.nanoTime();
            net.restore(1);
            assertThat(statusFromRoot(node, PROBE)).as("root -> zone 1 right after restore").isEqualTo(200);
            System.out.printf("restore + first request: %d ms%n", (System.nanoTime() - restoring) / 1_000_000);
            assertThat(statusFromZone(net, 2, node, PROBE)).as("zone 2 -> zone 1 after restore").isEqualTo(200);
        }
    }

    @Test
    void aPartitionCutsTheZoneFromTheOtherZonesButNotFromTheHarnessAndHealRestoresIt() {
        NetFixtures.assumePartitions();
        try (AzNetwork net = AzNetwork.create(3, 1)) {
            String inZone0 = net.zone(0).address(0);
            String inZone2 = net.zone(2).address(0);
            NetFixtures.exporter(net, 0, inZone0, dir);
            NetFixtures.exporter(net, 2, inZone2, dir);
            awaitStatus("exporter in zone 0 answers", () -> statusFromRoot(inZone0, PROBE), 200);
            awaitStatus("exporter in zone 2 answers", () -> statusFromRoot(inZone2, PROBE), 200);

            net.partition(2);
            assertThat(net.isPartitioned(2)).isTrue();
            assertThat(statusFromZone(net, 0, inZone2, PROBE)).as("zone 0 -> partitioned zone 2").isEqualTo(-1);
            assertThat(statusFromZone(net, 2, inZone0, PROBE)).as("partitioned zone 2 -> zone 0").isEqualTo(-1);
            assertThat(statusFromZone(net, 1, inZone0, PROBE)).as("zone 1 -> zone 0, both outside the cut").isEqualTo(200);
            assertThat(statusFromRoot(inZone2, PROBE)).as("harness -> partitioned zone 2").isEqualTo(200);
            assertThat(statusFromRoot(inZone0, PROBE)).as("harness -> zone 0").isEqualTo(200);

            net.heal(2);
            assertThat(net.isPartitioned(2)).isFalse();
            assertThat(statusFromZone(net, 0, inZone2, PROBE)).as("zone 0 -> zone 2 after heal").isEqualTo(200);
            assertThat(statusFromZone(net, 2, inZone0, PROBE)).as("zone 2 -> zone 0 after heal").isEqualTo(200);
        }
    }

    @Test
    void closeLeavesNamespacesLinksAndProcessesAsTheyWereAndKillsWhatStillRunsInside() {
        NetFixtures.Snapshot before = NetFixtures.settledSnapshot();
        long createdAt = System.nanoTime();
        AzNetwork net = AzNetwork.create(3, 2);
        long created = System.nanoTime();
        String node = net.zone(0).address(1);
        Host.Started exporter = NetFixtures.exporter(net, 0, node, dir);
        awaitStatus("exporter in zone 0 answers", () -> statusFromRoot(node, PROBE), 200);
        net.partition(1);
        net.outage(2);
        assertThat(NetFixtures.Snapshot.take()).isNotEqualTo(before);

        long closing = System.nanoTime();
        net.close(); // the exporter is still running inside zone 0: close must kill it
        long closed = System.nanoTime();
        System.out.printf("3-AZ network: create %d ms (setupTime %d ms), close %d ms (with one process to kill)%n",
                (created - createdAt) / 1_000_000, net.setupTime().toMillis(), (closed - closing) / 1_000_000);

        assertThat(exporter.isAlive()).isFalse();
        assertThat(NetFixtures.Snapshot.take()).isEqualTo(before);
        net.close(); // idempotent
        assertThatThrownBy(() -> net.outage(0)).isInstanceOf(NetworkSetupException.class).hasMessageContaining("closed");
    }

    @Test
    void twoNetworksAtOnceGetDifferentNamesAndAddressBlocks() {
        try (AzNetwork a = AzNetwork.create(2, 1); AzNetwork b = AzNetwork.create(2, 1)) {
            assertThat(a.runId()).isNotEqualTo(b.runId());
            assertThat(Cidr.parse(a.addressBlock()).overlaps(Cidr.parse(b.addressBlock()))).isFalse();
        }
    }

    @Test
    void badCountsSayWhatIsAllowed() {
        assertThatThrownBy(() -> AzNetwork.create(8, 1)).hasMessageContaining("zones must be 1..7, was 8");
        assertThatThrownBy(() -> AzNetwork.create(2, 0)).hasMessageContaining("addressesPerZone must be 1..200, was 0");
    }

    static void awaitStatus(String alias, java.util.function.IntSupplier probe, int expected) {
        Awaitility.await(alias).atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO)
                .pollInterval(100, TimeUnit.MILLISECONDS).pollInSameThread().until(probe::getAsInt, s -> s == expected);
    }

}
