package io.stackgate.model.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.Cidr;
import io.stackgate.model.Ec2Discovery;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Fixtures;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.PromDuration;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Query;
import io.stackgate.model.QueryLayer;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Secret;
import io.stackgate.model.Tls;
import io.stackgate.model.TlsVersion;
import io.stackgate.model.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyLoaderTest {
    private static final String HEAD = "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1b]\n";

    @Test
    void yamlAndJavaBuilderDescribeTheSameStack() {
        Topology fromYaml = Fixtures.example("seed-2az.yaml");
        Topology fromJava = Topology.builder()
                .name("obs").region("us-east-1").availabilityZones("us-east-1a", "us-east-1b").vpcCidr("10.40.0.0/16")
                .prometheus(p -> p.replicas(2).addScrapeJob(ScrapeJob.ec2("node",
                        new Ec2Discovery("monitoring", "node", 9100, PromDuration.parse("60s")))))
                .alertmanager(a -> a.replicas(3))
                .grafana(g -> g.replicas(2).adminPassword(Secret.ref("ssm:/obs/grafana/admin")))
                .publicLoadBalancer(new PublicLoadBalancer(true, new Tls(
                        "arn:aws:acm:us-east-1:123456789012:certificate/2f1c7c1e-0000-4000-8000-000000000001",
                        TlsVersion.TLS1_2), List.of(Cidr.parse("0.0.0.0/0"))))
                .healthCheck(new HealthCheck(10, 5, 2, 2, 30)).failoverBudgetSeconds(120)
                .build();
        assertThat(fromYaml).isEqualTo(fromJava);
    }

    @Test
    void threeAzExampleHasGlobalFederationAndBothJobKinds() {
        Topology t = Fixtures.example("three-az.yaml");
        assertThat(t.availabilityZones()).hasSize(3);
        assertThat(t.prometheus().federation().mode()).isEqualTo(FederationMode.GLOBAL);
        assertThat(t.prometheus().scrapeJobs()).extracting(ScrapeJob::name).containsExactly("node", "app");
        assertThat(t.grafana().replicas()).isEqualTo(3);
    }

    @Test
    void minimalFileGetsTheDocumentedDefaults() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse("name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1b]\n",
                "min.yaml");
        assertThat(t.prometheus().replicas()).isEqualTo(2);
        assertThat(t.prometheus().replicaLabel()).isEqualTo("replica");
        assertThat(t.prometheus().dropReplicaLabelOnAlerts()).isTrue();
        assertThat(t.alertmanager().cluster()).isTrue();
        assertThat(t.grafana().adminPassword().secretRef()).isEqualTo("ssm:/obs/grafana/admin");
        assertThat(t.loadBalancers().healthCheck()).isEqualTo(HealthCheck.defaults());
        assertThat(t.security().imdsV2()).isTrue();
        assertThat(t.query()).isEqualTo(new Query(QueryLayer.THANOS, 2));
        assertThat(t.loadBalancers().semantics()).isEqualTo(BalancerSemantics.ALB);
        assertThat(t.loadBalancers().explicitMaxFailedRequests()).isEmpty();
        assertThat(t.maxFailedRequests()).as("a query tier routes around a lost replica").hasValue(0);
    }

    @Test
    void queryLayerNoneAndTheBalancerKeysAreRead() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse(HEAD + "query: { layer: none }\n"
                + "loadBalancers: { semantics: retrying, maxFailedRequests: 25 }\n", "q.yaml");
        assertThat(t.query().layer()).isEqualTo(QueryLayer.NONE);
        assertThat(t.query().enabled()).isFalse();
        assertThat(t.loadBalancers().retrying()).isTrue();
        assertThat(t.maxFailedRequests()).hasValue(25);
    }

    @Test
    void withoutAQueryTierAndWithoutAnExplicitLimitOnlyTheFailoverBudgetJudges() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse(HEAD + "query: { layer: none, replicas: 3 }\n", "q.yaml");
        assertThat(t.query().replicas()).isEqualTo(3);
        assertThat(t.maxFailedRequests()).isEmpty();
    }

    @Test
    void anExplicitZeroIsKeptEvenWithoutAQueryTier() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse(HEAD + "query: { layer: none }\nloadBalancers: { maxFailedRequests: 0 }\n",
                "q.yaml");
        assertThat(t.maxFailedRequests()).hasValue(0);
    }

    @Test
    void subnetsAreDerivedFromTheVpcOnePublicAndOnePrivatePerAz() {
        Topology t = Fixtures.example("seed-2az.yaml");
        assertThat(t.subnets().publicSubnets()).extracting(Cidr::text).containsExactly("10.40.0.0/24", "10.40.1.0/24");
        assertThat(t.subnets().privateSubnets()).extracting(Cidr::text).containsExactly("10.40.8.0/24", "10.40.9.0/24");
    }

    @Test
    void smallVpcIsCutIntoSixteenSlotsPublicFirstThenPrivateFromSlotEight() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse("name: obs\nregion: us-east-1\n"
                + "availabilityZones: [us-east-1a, us-east-1b, us-east-1c]\nnetwork: { vpcCidr: 10.1.0.0/24 }\n", "x");
        assertThat(t.subnets().publicSubnets()).extracting(Cidr::text)
                .containsExactly("10.1.0.0/28", "10.1.0.16/28", "10.1.0.32/28");
        assertThat(t.subnets().privateSubnets()).extracting(Cidr::text)
                .containsExactly("10.1.0.128/28", "10.1.0.144/28", "10.1.0.160/28");
    }

    @Test
    void literalPasswordIsKeptAsALiteralForTheValidatorButNeverPrinted() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse("name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a]\n"
                + "grafana: { adminPassword: hunter2 }\n", "x");
        assertThat(t.grafana().adminPassword().isLiteral()).isTrue();
        assertThat(t.toString()).doesNotContain("hunter2");
    }

    @Test
    void yamlBooleansAndCommentsAreAccepted() throws TopologyLoadException {
        Topology t = new TopologyLoader().parse("# a comment\nname: obs # trailing\nregion: us-east-1\n"
                + "availabilityZones: [us-east-1a, us-east-1b]\nalertmanager: { cluster: yes }\n", "x");
        assertThat(t.alertmanager().cluster()).isTrue();
    }
}
