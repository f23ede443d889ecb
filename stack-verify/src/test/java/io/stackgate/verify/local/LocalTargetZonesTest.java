package io.stackgate.verify.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.runtime.Exec;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.LinkFaults;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.target.ZoneFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With root, every AZ is a network namespace: each node runs in its AZ on its own address. */
class LocalTargetZonesTest {
    @Test
    void everyNodeRunsInItsAzsNamespaceOnItsOwnAddressAndCloseLeavesTheHostAsBefore() {
        HostState.assumeZones();
        HostState before = HostState.take();
        try (LocalTarget env = LocalTarget.start(Fixtures.example("three-az.yaml"), LocalTarget.Network.ZONES)) {
            AzNetwork net = env.network().orElseThrow();
            Nodes nodes = env.require(Nodes.class);
            ZoneFaults zones = env.require(ZoneFaults.class);
            assertThat(zones.zones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
            List<Node> proms = nodes.nodes(Tier.PROMETHEUS);
            assertThat(proms).extracting(zones::zoneOf).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
            for (Tier tier : List.of(Tier.PROMETHEUS, Tier.ALERTMANAGER, Tier.QUERY, Tier.EXPORTER)) {
                for (Node n : nodes.nodes(tier)) {
                    int z = zones.zones().indexOf(zones.zoneOf(n));
                    assertThat(net.zone(z).addresses()).as(n.id()).contains(n.url().getHost());
                }
            }
            // the process really is inside the namespace: ip netns pids lists it
            String pidsInZone0 = Exec.of("ip", "netns", "pids", net.zone(0).namespace()).run().output();
            assertThat(pidsInZone0).contains(Long.toString(pidOf(env, proms.get(0))));
            // the balancer, the harness and this client are in the root namespace, on its address
            assertThat(env.require(Balancer.class).datasource().getHost()).isEqualTo(net.harnessAddress());
            assertThat(PrometheusApi.at(env.require(Balancer.class).datasource()).query("1+1").ok()).isTrue();
            assertThat(env.bundle().text("config/alertmanager/alertmanager.yml")).contains("http://" + net.harnessAddress() + ":");
            assertThatThrownBy(() -> zones.zoneOf(nodes.nodes(Tier.LOAD_BALANCER).get(0)))
                    .hasMessageContaining("outside the AZs");
            assertThat(env.capabilities().find(LinkFaults.class)).isPresent();
            // the query tier reaches every replica through its link proxy
            assertThat(env.bundle().text("config/thanos/stores.yml")).contains(proms.get(2).url().getHost() + ":");
            assertThat(Http.get(nodes.nodes(Tier.QUERY).get(0).resolve("/api/v1/stores")).body())
                    .contains(proms.get(2).url().getHost());
            assertThat(env.figures()).containsKey("az_network_setup_s");
        }
        assertThat(HostState.take()).isEqualTo(before);
    }

    @Test
    void loopbackCanBeForcedAndThenTheAzFaultsAreMissingWithTheReason() {
        TargetOptions loopback = new TargetOptions(false, Map.of(LocalTarget.NETWORK_SETTING, "loopback"));
        try (LocalTarget env = (LocalTarget) new LocalTargetProvider().start(Fixtures.example("seed-2az.yaml"), loopback)) {
            assertThat(env.network()).isEmpty();
            assertThat(env.require(Nodes.class).nodes(Tier.PROMETHEUS)).allSatisfy(n -> assertThat(n.url().getHost())
                    .isEqualTo("127.0.0.1"));
            assertThat(env.capabilities().missing(ZoneFaults.class)).hasValueSatisfying(r -> assertThat(r)
                    .contains("network=loopback"));
            assertThat(env.capabilities().missing(LinkFaults.class)).isPresent();
        }
    }

    @Test
    void anUnknownNetworkSettingNamesItsValues() {
        assertThatThrownBy(() -> LocalTarget.Network.of(new TargetOptions(false, Map.of("network", "vpc"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network=vpc")
                .hasMessageContaining("auto, loopback, zones");
    }

    private static long pidOf(LocalTarget env, Node n) {
        String out = Exec.of("ss", "-Hltnp", "-N", env.network().orElseThrow().zone(0).namespace(), "sport", "=",
                ":" + n.url().getPort()).timeout(Duration.ofSeconds(5)).run().output();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
        assertThat(m.find()).as("a listener on " + n.hostPort() + " in zone 0: " + out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
