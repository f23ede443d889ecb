package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.Deployment.HostPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalLayoutsTest {
    private static final String HOOK = "http://10.231.15.1:1/hook";

    /** Zone z holds 10.231.(8+z).10, .11, … as the AZ network of a run would. */
    private static HostPlan plan(int zones, int perZone) {
        List<List<String>> z = new ArrayList<>();
        for (int i = 0; i < zones; i++) {
            int zone = i;
            z.add(IntStream.range(0, perZone).mapToObj(n -> "10.231." + (8 + zone) + "." + (10 + n)).toList());
        }
        return new HostPlan("10.231.15.1", z);
    }

    private static Deployment.Local zoned(Topology t) {
        int zones = t.availabilityZones().size();
        int[] next = {40_000};
        return LocalLayouts.allocate(t, "/c", () -> next[0]++, Deployment.Tempo.fast(), HOOK,
                Endpoint.of("10.231.15.1", 39_999), plan(zones, LocalLayouts.addressesPerZone(t, zones)));
    }

    @Test
    void nodeIOfATierRunsInAzIModuloTheZonesEachOnItsOwnAddress() {
        Topology t = Fixtures.example("three-az.yaml");
        Deployment.Local d = zoned(t);
        HostPlan p = plan(3, LocalLayouts.addressesPerZone(t, 3));
        assertThat(d.prometheus()).extracting(e -> p.zoneOf(e.host()).getAsInt()).containsExactly(0, 1, 2);
        assertThat(d.alertmanagers()).extracting(a -> p.zoneOf(a.web().host()).getAsInt()).containsExactly(0, 1, 2);
        assertThat(d.queries()).extracting(q -> p.zoneOf(q.http().host()).getAsInt()).containsExactly(0, 1, 2);
        // every node (instance) its own address; gossip and web of one Alertmanager share it
        List<String> hosts = new ArrayList<>();
        d.prometheus().forEach(e -> hosts.add(e.host()));
        d.alertmanagers().forEach(a -> hosts.add(a.web().host()));
        d.grafana().forEach(e -> hosts.add(e.host()));
        d.queries().forEach(q -> hosts.add(q.http().host()));
        d.jobTargets().values().forEach(ts -> ts.forEach(x -> hosts.add(x.substring(0, x.indexOf(':')))));
        hosts.add(d.globalPrometheus().host());
        assertThat(hosts).doesNotHaveDuplicates().allSatisfy(h -> assertThat(p.zoneOf(h)).isPresent());
        assertThat(d.alertmanagers()).allSatisfy(a -> assertThat(a.cluster().host()).isEqualTo(a.web().host()));
    }

    @Test
    void aSidecarSharesItsReplicasAddressAndTheBalancerIsOnTheRootAddress() {
        Deployment.Local d = zoned(Fixtures.example("three-az.yaml"));
        for (int i = 0; i < d.prometheus().size(); i++) {
            assertThat(d.sidecars().get(i).grpc().host()).isEqualTo(d.prometheus().get(i).host());
            assertThat(d.sidecars().get(i).http().host()).isEqualTo(d.prometheus().get(i).host());
        }
        assertThat(List.of(d.prometheusLb(), d.publicLb(), d.alertmanagerLb(), d.lbStats(), d.queryLb(), d.lbRuntimeApi()))
                .extracting(Endpoint::host).containsOnly("10.231.15.1");
        assertThat(d.datasourceUrl()).startsWith("http://10.231.15.1:");
    }

    @Test
    void anEc2DiscoveredJobHasOneStandInPerAz() {
        Topology t = Fixtures.example("three-az.yaml");
        Deployment.Local d = zoned(t);
        HostPlan p = plan(3, LocalLayouts.addressesPerZone(t, 3));
        assertThat(d.jobTargets().get("node")).extracting(x -> p.zoneOf(x.substring(0, x.indexOf(':'))).getAsInt())
                .containsExactly(0, 1, 2);
    }

    @Test
    void theHostPlanChangesAddressesNotPorts() {
        Topology t = Fixtures.example("three-az.yaml");
        int[] a = {40_000};
        Deployment.Local loop = LocalLayouts.allocate(t, "/c", () -> a[0]++, Deployment.Tempo.fast(), HOOK, null);
        Deployment.Local zoned = zoned(t);
        assertThat(zoned.prometheus()).extracting(Endpoint::port).isEqualTo(loop.prometheus().stream().map(Endpoint::port).toList());
        assertThat(zoned.lbRuntimeApi().port()).isEqualTo(loop.lbRuntimeApi().port());
        assertThat(loop.prometheus()).extracting(Endpoint::host).containsOnly("127.0.0.1");
    }

    @Test
    void nodesPerZoneCountsEveryNodeOnce() {
        Topology t = Fixtures.example("three-az.yaml");
        // 3 prometheus, 3 alertmanagers, 3 grafana, node: 3 stand-ins, app: 1, global 1, 3 query
        assertThat(LocalLayouts.nodesPerZone(t, 3)).containsExactly(7, 5, 5);
        assertThat(LocalLayouts.addressesPerZone(t, 3)).isEqualTo(7);
    }

    @Test
    void aPlanWithTooFewAddressesSaysSo() {
        Topology t = Fixtures.example("three-az.yaml");
        int[] next = {40_000};
        assertThatThrownBy(() -> LocalLayouts.allocate(t, "/c", () -> next[0]++, Deployment.Tempo.fast(), HOOK, null, plan(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addressesPerZone");
        assertThatThrownBy(() -> LocalLayouts.allocate(t, "/c", () -> next[0]++, Deployment.Tempo.fast(), HOOK, null, plan(2, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the host plan has 2 AZs");
    }

    @Test
    void endpointsAreLoopbackOrTheAzBlockOnly() {
        assertThat(Endpoint.of("10.231.8.10", 9090).toString()).isEqualTo("10.231.8.10:9090");
        assertThat(Endpoint.of("127.0.0.2", 1).host()).isEqualTo("127.0.0.2");
        for (String bad : List.of("10.232.0.1", "192.168.1.1", "10.231.1", "10.231.1.256", "10.231.0.0.1", "example.com")) {
            assertThatThrownBy(() -> Endpoint.of(bad, 80)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10.231.0.0/16");
        }
        assertThatThrownBy(() -> new HostPlan("10.0.0.1", List.of())).hasMessageContaining("10.231.0.0/16");
    }
}
