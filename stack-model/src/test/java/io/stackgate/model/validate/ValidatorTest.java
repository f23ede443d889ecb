package io.stackgate.model.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.Cidr;
import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Fixtures;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Query;
import io.stackgate.model.Receiver;
import io.stackgate.model.Secret;
import io.stackgate.model.Security;
import io.stackgate.model.StorageType;
import io.stackgate.model.Topology;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ValidatorTest {
    /** For every finding code, the smallest change to the clean topology that must trigger it. */
    private static final Map<FindingCode, UnaryOperator<Topology.Builder>> BREAK = new EnumMap<>(FindingCode.class);

    static {
        BREAK.put(FindingCode.HA_SINGLE_AZ, b -> b.availabilityZones("us-east-1a"));
        BREAK.put(FindingCode.HA_SINGLE_REPLICA, b -> b.alertmanager(a -> a.replicas(1)));
        BREAK.put(FindingCode.HA_REPLICAS_UNEVEN_AZ, b -> b.prometheus(p -> p.replicas(3)));
        BREAK.put(FindingCode.PROM_MUTUAL_FEDERATION, b -> b.prometheus(p -> p.federation(FederationMode.MUTUAL)));
        BREAK.put(FindingCode.PROM_TSDB_ON_NFS, b -> b.prometheus(p -> p.storage(StorageType.EFS, 100)));
        BREAK.put(FindingCode.PROM_REPLICA_LABEL_NOT_DROPPED, b -> b.prometheus(p -> p.dropReplicaLabelOnAlerts(false)));
        BREAK.put(FindingCode.AM_BEHIND_LOAD_BALANCER,
                b -> b.prometheus(p -> p.alertmanagers(AlertmanagerRouting.LOAD_BALANCER)));
        BREAK.put(FindingCode.AM_CLUSTER_DISABLED, b -> b.alertmanager(a -> a.cluster(false)));
        BREAK.put(FindingCode.GRAFANA_SQLITE_SHARED, b -> b.grafana(g -> g.database(DatabaseEngine.SQLITE)));
        BREAK.put(FindingCode.GRAFANA_ALERTING_HA_MISSING, b -> b.grafana(g -> g.alertingHa(false)));
        BREAK.put(FindingCode.LB_FAILOVER_BUDGET, b -> b.healthCheck(new HealthCheck(30, 5, 2, 3, 30)));
        BREAK.put(FindingCode.SEC_PUBLIC_PLAINTEXT,
                b -> b.publicLoadBalancer(new PublicLoadBalancer(true, null, List.of(Cidr.parse("0.0.0.0/0")))));
        BREAK.put(FindingCode.SEC_SSH_OPEN_WORLD,
                b -> b.security(new Security(true, List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::/0")), List.of())));
        BREAK.put(FindingCode.SEC_EXPORTER_OPEN,
                b -> b.security(new Security(true, List.of(), List.of(Cidr.parse("10.0.0.0/8")))));
        BREAK.put(FindingCode.SEC_PLAINTEXT_SECRET, b -> b.grafana(g -> g.adminPassword(Secret.literal("admin"))));
        BREAK.put(FindingCode.SEC_IMDSV1, b -> b.security(new Security(false, List.of(), List.of())));
        BREAK.put(FindingCode.QUERY_NO_DEDUP, b -> b.query(Query.none()));
    }

    private final Validator validator = Validator.of(List.of());

    @Test
    void cleanTopologyHasNoFinding() {
        assertThat(validator.validate(Fixtures.clean())).isEmpty();
    }

    @Test
    void everyFindingCodeHasABreakingChange() {
        assertThat(BREAK.keySet()).containsExactlyInAnyOrder(FindingCode.values());
    }

    @ParameterizedTest
    @EnumSource(FindingCode.class)
    void firesOnTheBrokenTopologyWithPathMessageAndFix(FindingCode code) {
        Topology broken = BREAK.get(code).apply(Fixtures.clean().toBuilder()).build();
        List<Finding> findings = validator.validate(broken);
        assertThat(findings).filteredOn(f -> f.code().equals(code.name()))
                .isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.severity()).isEqualTo(code.severity());
                    assertThat(f.path()).isNotBlank().doesNotContain(" ");
                    assertThat(f.message()).hasSizeGreaterThan(40);
                    assertThat(f.fix()).isNotBlank();
                });
    }

    @ParameterizedTest
    @EnumSource(FindingCode.class)
    void staysQuietOnTheCleanTopology(FindingCode code) {
        assertThat(validator.validate(Fixtures.clean())).extracting(Finding::code).doesNotContain(code.name());
    }

    @Test
    void sshFindingPointsAtTheOpenEntry() {
        Topology broken = BREAK.get(FindingCode.SEC_SSH_OPEN_WORLD).apply(Fixtures.clean().toBuilder()).build();
        assertThat(validator.validate(broken)).extracting(Finding::path).containsExactly("security.sshFromCidrs[1]");
    }

    @Test
    void singleReplicaDoesNotAlsoReportUnevenSpread() {
        Topology t = Fixtures.clean().toBuilder().grafana(g -> g.replicas(1)).build();
        assertThat(validator.validate(t)).extracting(Finding::code).containsExactly("HA_SINGLE_REPLICA");
    }

    @Test
    void literalCredentialsInAWebhookUrlAreASecretFinding() {
        Topology t = Fixtures.clean().toBuilder()
                .alertmanager(a -> a.receivers(List.of(new Receiver("ops", "https://u:p@hooks.example.com/x"))))
                .build();
        assertThat(validator.validate(t)).extracting(Finding::path)
                .containsExactly("alertmanager.receivers[0].webhookUrl");
    }

    @Test
    void literalDatabasePasswordIsASecretFinding() {
        Topology t = Fixtures.clean().toBuilder()
                .grafana(g -> g.database(new Database(DatabaseEngine.POSTGRES, Secret.literal("pw")))).build();
        assertThat(validator.validate(t)).extracting(Finding::path).containsExactly("grafana.database.password");
    }

    @Test
    void antipatternsExampleReportsEveryErrorCodeButASingleReplica() {
        // QUERY_NO_DEDUP, AM_CLUSTER_DISABLED and GRAFANA_SQLITE_SHARED each need two instances of their
        // tier, so the one-instance mistake cannot share the file (the example says so).
        List<String> codes = validator.validate(Fixtures.example("antipatterns.yaml")).stream()
                .map(Finding::code).toList();
        Stream<String> errorCodes = Arrays.stream(FindingCode.values())
                .filter(c -> c.severity() == Severity.ERROR && c != FindingCode.HA_SINGLE_REPLICA).map(Enum::name);
        assertThat(codes).containsAll(errorCodes.toList());
    }

    @Test
    void queryNoDedupNamesTheReplicaCountAndTheFix() {
        Topology t = Fixtures.clean().toBuilder().prometheus(p -> p.replicas(4)).query(Query.none()).build();
        assertThat(validator.validate(t)).filteredOn(f -> f.code().equals("QUERY_NO_DEDUP")).singleElement()
                .satisfies(f -> {
                    assertThat(f.path()).isEqualTo("query.layer");
                    assertThat(f.message()).contains("4 Prometheus replicas").contains("empty disk")
                            .contains("1 in 4");
                    assertThat(f.fix()).contains("query.layer: thanos").contains("'replica' label");
                });
    }

    @Test
    void queryNoDedupStaysQuietWithOneReplicaOrAQueryTier() {
        Topology single = Fixtures.clean().toBuilder().prometheus(p -> p.replicas(1)).query(Query.none()).build();
        Topology thanos = Fixtures.clean().toBuilder().prometheus(p -> p.replicas(4)).query(Query.thanos(2)).build();
        assertThat(validator.validate(single)).extracting(Finding::code).doesNotContain("QUERY_NO_DEDUP");
        assertThat(validator.validate(thanos)).extracting(Finding::code).doesNotContain("QUERY_NO_DEDUP");
    }

    @Test
    void aSingleQueryNodeIsASingleReplicaButOnlyWhenTheTierRuns() {
        Topology one = Fixtures.clean().toBuilder().query(Query.thanos(1)).build();
        Topology none = Fixtures.clean().toBuilder().prometheus(p -> p.replicas(1)).query(new Query(
                io.stackgate.model.QueryLayer.NONE, 1)).build();
        assertThat(validator.validate(one)).extracting(Finding::path).contains("query.replicas");
        assertThat(validator.validate(none)).extracting(Finding::path).doesNotContain("query.replicas");
    }

    @Test
    void examplesForDeploymentHaveNoError() {
        assertThat(validator.validate(Fixtures.example("seed-2az.yaml"))).noneMatch(Finding::isError);
        assertThat(validator.validate(Fixtures.example("three-az.yaml"))).noneMatch(Finding::isError);
    }

    @Test
    void findingsComeErrorsFirstInAStableOrder() {
        List<Finding> findings = validator.validate(Fixtures.example("antipatterns.yaml"));
        assertThat(findings).isSortedAccordingTo(Finding.ORDER);
        assertThat(findings.get(0).isError()).isTrue();
        assertThat(findings.get(findings.size() - 1).isError()).isFalse();
    }

    @Test
    void teamRulesAreDiscoveredThroughServiceLoader() {
        List<Finding> findings = Validator.withDiscoveredRules().validate(Fixtures.clean());
        assertThat(findings).extracting(Finding::code).containsExactly("TEAM_REQUIRES_APP_JOB");
    }
}
