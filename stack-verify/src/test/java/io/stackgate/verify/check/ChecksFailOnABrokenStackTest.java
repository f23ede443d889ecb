package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.FederationMode;
import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.ConfigPush;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every check fails when the stack is broken on purpose (a check that cannot fail is a defect).
 * One healthy replica serves the non-destructive breakages in order; topologies that are wrong by
 * design (forced past validation) get their own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChecksFailOnABrokenStackTest {
    static LocalTarget env;

    @BeforeAll
    static void start() {
        env = LocalTarget.start(Fixtures.example("seed-2az.yaml"));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static CheckResult run(Check check, Target e) {
        return Verifier.runOne(check, e, new CheckContext());
    }

    @Test
    @Order(1)
    void sharedConfigFailsWhenOneReplicaLoadedAnotherConfig() {
        String original = env.require(ConfigPush.class).prometheusConfig();
        Node second = env.require(Nodes.class).nodes(Tier.PROMETHEUS).get(1);
        try {
            env.require(ConfigPush.class).writePrometheusConfig(original.replace("scrape_interval: 1s", "scrape_interval: 2s"));
            assertThat(PrometheusApi.of(second).reload().ok()).isTrue();
            CheckResult r = run(new SharedConfigCheck(), env);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.detail()).contains("prometheus-2 loaded a different configuration").contains("scrape_interval");
        } finally {
            env.require(ConfigPush.class).writePrometheusConfig(original);
            PrometheusApi.of(second).reload();
        }
        assertThat(run(new SharedConfigCheck(), env).status()).isEqualTo(Status.PASSED);
    }

    @Test
    @Order(2)
    void badConfigPushFailsWhenTheReplicasApplyThePushedChange() {
        CheckResult r = run(new BadConfigPushCheck("\n# a valid change\n"
                + "remote_read: [{ url: \"http://127.0.0.1:1/read\" }]\n"), env);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.evidence()).anyMatch(e -> e.contains("no longer serves its previous configuration")
                || e.contains("is not 0 after a bad reload"));
        assertThat(run(new SharedConfigCheck(), env).status()).as("the check restored the config").isEqualTo(Status.PASSED);
    }

    @Test
    @Order(3)
    void failoverFailsWhenTheDatasourceBypassesTheBalancer() {
        Node first = env.require(Nodes.class).nodes(Tier.PROMETHEUS).get(0);
        Target direct = ForwardingTarget.withDatasource(env, first.url()); // Grafana pointed straight at one replica: the mistake
        CheckResult r = run(new FailoverPrometheusCheck(), direct);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).containsPattern("\\d+ of \\d+ requests failed while prometheus-1 died");
    }

    @Test
    @Order(4)
    void hangFailsWhenTheDatasourceBypassesTheBalancer() {
        Node last = env.require(Nodes.class).nodes(Tier.PROMETHEUS).get(env.require(Nodes.class).nodes(Tier.PROMETHEUS).size() - 1);
        Target direct = ForwardingTarget.withDatasource(env, last.url());
        CheckResult r = run(new HangCheck(), direct);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        // the first problem may be the unanswered stretch; the slow requests are always among them
        assertThat(r.evidence()).anyMatch(e -> e.matches("\\d+ requests took longer than \\d+ ms .*"));
        assertThat(run(new ReadyCheck(), env).status()).as("the replica was resumed").isEqualTo(Status.PASSED);
    }

    @Test
    @Order(5)
    void datasourceFailsWhenTheBalancerIsGone() {
        Target wrongLb = ForwardingTarget.withDatasource(env, URI.create("http://127.0.0.1:1"));
        CheckResult r = run(new DatasourceCheck(), wrongLb);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).contains("not at the internal load balancer");
    }

    @Test
    @Order(6)
    void readyAndScrapeCoverageFailWhenAnExporterDies() {
        Node exporter = env.require(Nodes.class).nodes(Tier.EXPORTER).get(0);
        env.require(ProcessFaults.class).kill(exporter);
        try {
            CheckResult ready = run(new ReadyCheck(), env);
            assertThat(ready.status()).isEqualTo(Status.FAILED);
            assertThat(ready.detail()).contains(exporter.id() + " is not ready");
            CheckResult coverage = run(new ScrapeCoverageCheck(Duration.ofSeconds(4)), env);
            assertThat(coverage.status()).isEqualTo(Status.FAILED);
            assertThat(coverage.detail()).contains("targets not up").contains(exporter.hostPort());
        } finally {
            env.require(ProcessFaults.class).replace(exporter);
        }
    }

    @Test
    @Order(7)
    void federationIsSkippedWithAReasonWhenThereIsNone() {
        CheckResult r = run(new FederationCheck(), env);
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).contains("federation.mode is none");
    }

    @Test
    @Order(8)
    void grafanaCheckIsSkippedNotPassedWithoutAGrafanaBinary() {
        CheckResult r = run(new GrafanaDatasourceHealthCheck(), env);
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).contains("grafana-server");
    }

    @Test
    @Order(9)
    void scrapeCoverageFailsWhenTheReplicasDoNotScrapeADeclaredJob() {
        String original = env.require(ConfigPush.class).prometheusConfig();
        assertThat(original).contains("job_name: node");
        try {
            env.require(ConfigPush.class).writePrometheusConfig(original.replace("job_name: node", "job_name: renamed"));
            env.require(Nodes.class).nodes(Tier.PROMETHEUS).forEach(n -> assertThat(PrometheusApi.of(n).reload().ok()).isTrue());
            CheckResult r = run(new ScrapeCoverageCheck(Duration.ofSeconds(8)), env);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.evidence()).contains("job node (EC2 discovery) found no targets");
        } finally {
            env.require(ConfigPush.class).writePrometheusConfig(original);
            env.require(Nodes.class).nodes(Tier.PROMETHEUS).forEach(n -> PrometheusApi.of(n).reload());
        }
    }

    @Test
    void mutualFederationFailsWithRealPrometheusEvidence() {
        Topology mutual = Fixtures.example("seed-2az.yaml").toBuilder()
                .prometheus(p -> p.federation(FederationMode.MUTUAL)).build();
        try (LocalTarget e = LocalTarget.start(mutual)) {
            CheckResult r = run(new FederationCheck(), e);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.detail()).contains("duplicates every series");
            assertThat(r.evidence()).anyMatch(x -> x.matches("prometheus-\\d: count\\(up\\{job=\"node\"}\\) = \\d+, but the job has 2 targets.*"));
        }
    }

    @Test
    void replicaLabelsFailWhenAlertsKeepTheReplicaLabel() {
        Topology keep = Fixtures.example("seed-2az.yaml").toBuilder()
                .prometheus(p -> p.dropReplicaLabelOnAlerts(false)).build();
        try (LocalTarget e = LocalTarget.start(keep)) {
            CheckResult r = run(new ReplicaLabelsCheck(), e);
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.detail()).contains("reached alertmanager-1 with replica=");
        }
    }

    @Test
    void alertOnceAndAlertmanagerFailoverFailWithoutAGossipCluster() {
        Topology noCluster = Fixtures.example("seed-2az.yaml").toBuilder().alertmanager(a -> a.cluster(false)).build();
        try (LocalTarget e = LocalTarget.start(noCluster)) {
            CheckResult once = run(new AlertOnceCheck(), e);
            assertThat(once.status()).isEqualTo(Status.FAILED);
            assertThat(once.detail()).contains("expected exactly one notification for the group but got 3");
            CheckResult failover = run(new FailoverAlertmanagerCheck(), e);
            assertThat(failover.status()).isEqualTo(Status.FAILED);
            // the killed instance may have sent its own copy before it died
            assertThat(failover.detail()).containsPattern("dead, got [23]$");
        }
    }
}
