package io.stackgate.verify.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run killed with SIGKILL leaves is removed by the next run; a live run's network is not touched. */
class LeftoverTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsNamespaces() {
        NetFixtures.assumeNamespaces();
    }

    @Test
    void theNextCreateRemovesTheNamespacesLinksAndProcessesOfADeadOwner() {
        NetFixtures.Snapshot before = NetFixtures.settledSnapshot();
        Host.Started owner = fakeOwner();
        RunNames names = new RunNames(owner.pid(), 'a');
        Host.Started inside = leaveNetwork(names, stampOf(owner));
        owner.stop(Duration.ZERO); // the owner dies without cleaning up, as with SIGKILL
        assertThat(NetFixtures.ip().namespaces()).contains(names.namespace(0));
        assertThat(inside.isAlive()).isTrue();

        try (AzNetwork next = AzNetwork.create(1, 1)) {
            assertThat(NetFixtures.ip().namespaces()).doesNotContain(names.namespace(0)).contains(next.zone(0).namespace());
            assertThat(NetFixtures.ip().links()).extracting(Ip.Link::name).doesNotContain(names.bridge(), names.hostLink(0));
            assertThat(inside.isAlive()).as("the dead run's process inside its namespace").isFalse();
        }
        assertThat(NetFixtures.Snapshot.take()).isEqualTo(before);
    }

    @Test
    void aPidReusedByAnotherProcessDoesNotKeepALeftoverAlive() {
        Host.Started owner = fakeOwner();
        RunNames names = new RunNames(owner.pid(), 'b');
        try {
            // the PID runs, but the bridge says its owner started at another time: somebody else has the PID now
            Owner real = stampOf(owner);
            leaveNetwork(names, new Owner(real.pid(), real.startTicks() - 1));
            try (AzNetwork next = AzNetwork.create(1, 1)) {
                assertThat(NetFixtures.ip().namespaces()).doesNotContain(names.namespace(0)).contains(next.zone(0).namespace());
                assertThat(NetFixtures.ip().links()).extracting(Ip.Link::name).doesNotContain(names.bridge());
            }
        } finally {
            owner.stop(Duration.ZERO);
        }
    }

    @Test
    void aLiveOwnersNetworkIsLeftAlone() {
        Host.Started owner = fakeOwner();
        RunNames names = new RunNames(owner.pid(), 'c');
        Teardown teardown = new Teardown(NetFixtures.ip());
        try {
            Host.Started inside = leaveNetwork(names, stampOf(owner));
            try (AzNetwork next = AzNetwork.create(1, 1)) {
                assertThat(NetFixtures.ip().namespaces()).contains(names.namespace(0), next.zone(0).namespace());
                assertThat(NetFixtures.ip().links()).extracting(Ip.Link::name).contains(names.bridge(), names.hostLink(0));
                assertThat(inside.isAlive()).isTrue();
            }
        } finally {
            teardown.remove(List.of(names.namespace(0)), List.of(names.hostLink(0), names.bridge()));
            owner.stop(Duration.ZERO);
        }
    }

    private Host.Started fakeOwner() {
        return Host.start("fake-owner", List.of("sleep", "600"), dir, dir.resolve("owner.log"));
    }

    private static Owner stampOf(Host.Started process) {
        return Owner.of(process.pid()).orElseThrow();
    }

    /** What a run leaves when it is killed: namespace, bridge (stamped), veth, and a process inside. */
    private Host.Started leaveNetwork(RunNames names, Owner stamp) {
        NetFixtures.ip().batch(null, List.of(
                "link add " + names.bridge() + " type bridge",
                "link set " + names.bridge() + " alias " + stamp.alias(),
                "netns add " + names.namespace(0),
                "link add " + names.hostLink(0) + " type veth peer name eth0 netns " + names.namespace(0),
                "link set " + names.hostLink(0) + " master " + names.bridge()));
        return Host.start("inside-" + names.namespace(0), NetFixtures.ip().execIn(names.namespace(0), List.of("sleep", "600")),
                dir, dir.resolve("inside.log"));
    }
}
