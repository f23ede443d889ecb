package io.stackgate.verify.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressPlanTest {
    private static final List<Cidr> THIS_HOST = List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("192.0.2.0/24"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("192.0.2.2"));

    @Test
    void aRunStartsAtTheBlockItsPidPointsToAndLaysOutZonesAndHarnessInIt() {
        AddressPlan plan = AddressPlan.choose(4711, THIS_HOST); // 4711 % 32 = 7 -> third octet 56
        assertThat(plan.block()).hasToString("10.231.56.0/21");
        assertThat(plan.subnet(0)).isEqualTo("10.231.56.0/24");
        assertThat(plan.gateway(2)).isEqualTo("10.231.58.1");
        assertThat(plan.address(1, 0)).isEqualTo("10.231.57.10");
        assertThat(plan.address(1, 199)).isEqualTo("10.231.57.209");
        assertThat(plan.harnessSubnet()).isEqualTo("10.231.63.0/24");
        assertThat(plan.harnessAddress()).isEqualTo("10.231.63.1");
    }

    @Test
    void aBlockAnyHostRouteTouchesIsSkippedWhateverTheRouteLength() {
        List<Cidr> routes = new ArrayList<>(THIS_HOST);
        routes.add(Cidr.parse("10.231.58.0/24")); // another run's zone in block 7
        routes.add(Cidr.parse("10.231.64.77")); // a host route in block 8
        routes.add(Cidr.parse("10.231.72.0/22")); // half of block 9
        assertThat(AddressPlan.choose(4711, routes).block()).hasToString("10.231.80.0/21");
        routes.add(Cidr.parse("10.0.0.0/8")); // covers the whole range: nothing is free
        assertThatThrownBy(() -> AddressPlan.choose(4711, routes)).isInstanceOf(NetworkSetupException.class)
                .hasMessageContaining("no free /21 left in 10.231.0.0/16").hasMessageContaining("10.0.0.0/8");
    }

    @Test
    void theSearchWrapsAroundTheRange() {
        List<Cidr> routes = new ArrayList<>(THIS_HOST);
        routes.add(Cidr.parse("10.231.248.0/21"));
        assertThat(AddressPlan.choose(31, routes).block()).hasToString("10.231.0.0/21");
    }

    @Test
    void prefixesOverlapOnlyWhenTheyShareAnAddress() {
        assertThat(Cidr.parse("10.231.8.0/21").overlaps(Cidr.parse("10.231.15.255"))).isTrue();
        assertThat(Cidr.parse("10.231.8.0/21").overlaps(Cidr.parse("10.231.16.0"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.231.8.0/21"))).isTrue();
        assertThat(Cidr.parse("10.231.9.7/24")).hasToString("10.231.9.0/24");
        assertThatThrownBy(() -> Cidr.parse("10.231.300.0/24")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesFitTheKernelsFifteenCharactersAndTellTheirOwner() {
        RunNames names = new RunNames(4194304, 'z'); // the largest PID Linux hands out
        assertThat(List.of(names.namespace(6), names.bridge(), names.hostLink(6)))
                .containsExactly("sg4194304z-6", "sg4194304z-br", "sg4194304z-v6")
                .allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(15))
                .allSatisfy(n -> assertThat(RunNames.owner(n)).contains(4194304L))
                .allSatisfy(n -> assertThat(RunNames.runIdOf(n)).contains("sg4194304z"));
        assertThat(RunNames.owner(RunNames.probeNamespace(42))).contains(42L);
        assertThat(RunNames.runIdOf(RunNames.probeBridge(42))).isEmpty();
        for (String foreign : List.of("eth0", "sg12", "sg12a-eth0", "sgx1-0", "docker0", "sg12a-br0")) {
            assertThat(RunNames.owner(foreign)).as(foreign).isEqualTo(Optional.empty());
        }
    }

    @Test
    void anOwnerStampSurvivesTheBridgeAlias() {
        Owner self = Owner.self();
        assertThat(Owner.fromAlias(self.alias())).contains(self);
        assertThat(Owner.alive(self.pid(), Optional.of(self))).isTrue();
        // the same PID started at another time is somebody else: its network is a leftover
        assertThat(Owner.alive(self.pid(), Optional.of(new Owner(self.pid(), self.startTicks() + 1)))).isFalse();
        assertThat(Owner.fromAlias("something else")).isEmpty();
    }
}
