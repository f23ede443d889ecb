package io.stackgate.aws.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.aws.Emulated;
import io.stackgate.model.Cidr;
import io.stackgate.model.Security;
import io.stackgate.model.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {
    private final Topology seed = Emulated.seed();

    @Test
    void sshRulesExistOnlyForTheModelledCidrsOnEveryTier() {
        assertThat(NetworkPolicy.of(seed, seed.network().vpcCidr()).rules()).noneMatch(r -> r.fromPort() == 22);
        Topology withSsh = seed.toBuilder().security(new Security(true, List.of(Cidr.parse("10.9.0.0/16")), List.of())).build();
        assertThat(NetworkPolicy.of(withSsh, withSsh.network().vpcCidr()).rules()).filteredOn(r -> r.fromPort() == 22)
                .extracting(NetworkPolicy.Rule::group, r -> r.peer().cidr())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus", "10.9.0.0/16"),
                        org.assertj.core.groups.Tuple.tuple("alertmanager", "10.9.0.0/16"),
                        org.assertj.core.groups.Tuple.tuple("grafana", "10.9.0.0/16"),
                        org.assertj.core.groups.Tuple.tuple("query", "10.9.0.0/16"));
    }

    @Test
    void exporterPortIsOpenOnlyToThePrometheusGroup() {
        assertThat(NetworkPolicy.of(seed, seed.network().vpcCidr()).rules())
                .filteredOn(r -> r.ingress() && r.fromPort() == NetworkPolicy.NODE_EXPORTER)
                .allSatisfy(r -> assertThat(r.peer()).isEqualTo(NetworkPolicy.Peer.group("prometheus")))
                .as("one rule per node tier, the query tier's included").hasSize(4);
    }

    @Test
    void sidecarStoreApiAnswersOnlyTheQueryTierAndQueryOnlyTheInternalBalancer() {
        assertThat(NetworkPolicy.of(seed, seed.network().vpcCidr()).rules())
                .filteredOn(r -> r.ingress() && (r.fromPort() == NetworkPolicy.THANOS_GRPC || r.fromPort() == NetworkPolicy.THANOS_HTTP))
                .extracting(NetworkPolicy.Rule::group, r -> r.fromPort(), r -> r.peer().group())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prometheus", NetworkPolicy.THANOS_GRPC, "query"),
                        org.assertj.core.groups.Tuple.tuple("query", NetworkPolicy.THANOS_HTTP, "internal_lb"));
        Topology none = seed.toBuilder().query(new io.stackgate.model.Query(io.stackgate.model.QueryLayer.NONE, 2)).build();
        assertThat(NetworkPolicy.of(none, none.network().vpcCidr()).groups()).doesNotContainKey("query");
    }

    @Test
    void loopbackRemapKeepsThePrefixAndTheLowerOctets() {
        assertThat(Loopback.remap(Cidr.parse("10.40.0.0/16")).text()).isEqualTo("127.40.0.0/16");
        assertThat(Loopback.remap(Cidr.parse("192.168.16.0/20")).text()).isEqualTo("127.168.16.0/20");
    }

    @Test
    void longStackNamesGetTheLoadBalancingModulesShortName() {
        assertThat(new StackNames("obs", "1", "us-east-1").shortName()).isEqualTo("obs");
        // substr(name, 0, 14) + "-" + substr(md5(name), 0, 5), as terraform computes it
        assertThat(new StackNames("observability-platform", "1", "us-east-1").shortName())
                .isEqualTo("observability--43c82");
    }

}
