package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.Fixtures;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.Query;
import io.stackgate.model.Tools;
import io.stackgate.model.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What haproxy.cfg says for each balancer semantics, and that real haproxy accepts it. */
class HaproxyConfigTest {
    @TempDir
    Path dir;

    private static Deployment.Local local(Topology t) {
        return LocalLayouts.sequential(t, "/tmp/cfg", 32_000, Deployment.Tempo.fast(), "http://127.0.0.1:31999/hook");
    }

    @Test
    void albSemanticsNeverRetryOnAnotherTarget() {
        String cfg = HaproxyConfig.render(Fixtures.clean(), local(Fixtures.clean()));
        assertThat(cfg).contains("    retries 0\n").contains("    http-reuse always\n").doesNotContain("redispatch").doesNotContain("retry-on")
                .contains("balance roundrobin").contains("Semantics: ALB");
    }

    @Test
    void healthChecksAreTheTopologysOnTheReplicasClock() {
        // 10 s interval at 250 ms: 1/40; 5 s check timeout → 125 ms; ALB idle 60 s → 1500 ms; connect 10 s → 250 ms
        String cfg = HaproxyConfig.render(Fixtures.clean(), local(Fixtures.clean()));
        assertThat(cfg).contains("default-server inter 250ms fall 2 rise 2\n")
                .contains("timeout check 125ms\n").contains("timeout server 1500ms\n")
                .contains("timeout client 1500ms\n").contains("timeout connect 250ms\n");
        Topology slow = Fixtures.clean().toBuilder().healthCheck(new HealthCheck(20, 8, 3, 4, 60)).build();
        Deployment.Balancer b = local(slow).balancer();
        assertThat(b.intervalMillis()).isEqualTo(250);
        assertThat(b.checkTimeoutMillis()).isEqualTo(100);
        assertThat(b.idleTimeoutMillis()).isEqualTo(750);
        assertThat(b.drainMillis()).isEqualTo(750);
        assertThat(HaproxyConfig.render(slow, local(slow))).contains("default-server inter 250ms fall 4 rise 3\n");
        assertThat(b.toTopologyClock(Duration.ofMillis(1_000))).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void onTheTopologysOwnClockTheIdleTimeoutIsTheAlbs() {
        Deployment.Local d = LocalLayouts.sequential(Fixtures.clean(), "/c", 32_000, Deployment.Tempo.topology(), "http://127.0.0.1:1/h");
        assertThat(HaproxyConfig.render(Fixtures.clean(), d)).contains("timeout server 60000ms\n")
                .contains("default-server inter 10000ms fall 2 rise 2\n").contains("timeout check 5000ms\n");
    }

    @Test
    void everyBackendFailsOpenToATwinWithoutHealthChecks() {
        Deployment.Local d = local(Fixtures.clean());
        String cfg = HaproxyConfig.render(Fixtures.clean(), d);
        for (String backend : new String[] {"prometheus", "query", "grafana"}) {
            assertThat(cfg).contains("    use_backend " + backend + "_failopen if { nbsrv(" + backend + ") eq 0 }\n")
                    .contains("backend " + backend + "_failopen\n");
        }
        assertThat(cfg).contains("    server prometheus-1 " + d.prometheus().get(0) + " check\n")
                .contains("    server prometheus-1 " + d.prometheus().get(0) + "\n");
    }

    @Test
    void theRuntimeApiIsOpenForDraining() {
        Deployment.Local d = local(Fixtures.clean());
        assertThat(HaproxyConfig.render(Fixtures.clean(), d)).contains("stats socket ipv4@" + d.lbRuntimeApi() + " level admin\n");
    }

    @Test
    void theQueryFrontendBalancesTheQueryNodesOnTheirReadiness() {
        Deployment.Local d = local(Fixtures.clean());
        String cfg = HaproxyConfig.render(Fixtures.clean(), d);
        assertThat(cfg).contains("frontend query_internal\n    bind " + d.queryLb() + "\n")
                .contains("backend query\n    balance roundrobin\n    option httpchk GET /-/ready\n")
                .contains("    server query-1 " + d.queries().get(0).http() + " check\n")
                .contains("    server query-2 " + d.queries().get(1).http() + " check\n");
        Topology none = Fixtures.clean().toBuilder().query(Query.none()).build();
        assertThat(HaproxyConfig.render(none, local(none))).doesNotContain("query");
    }

    @Test
    void retryingIsRenderedOnlyWhenTheTopologyAsksForIt() {
        Topology t = Fixtures.clean().toBuilder().balancerSemantics(BalancerSemantics.RETRYING).build();
        String cfg = HaproxyConfig.render(t, local(t));
        assertThat(cfg).contains("retries 3\n").contains("option redispatch 1\n")
                .contains("retry-on all-retryable-errors\n").contains("Semantics: RETRYING (chosen in the topology)")
                .doesNotContain("_failopen");
    }

    @Test
    void sameTopologyGivesTheSameConfig() {
        assertThat(HaproxyConfig.render(Fixtures.clean(), local(Fixtures.clean())))
                .isEqualTo(HaproxyConfig.render(Fixtures.clean(), local(Fixtures.clean())));
    }

    @Test
    void haproxyAcceptsBothSemantics() throws IOException {
        Path haproxy = Tools.require("haproxy", "haproxy");
        for (BalancerSemantics s : BalancerSemantics.values()) {
            Topology t = Fixtures.clean().toBuilder().balancerSemantics(s).build();
            Path d = dir.resolve(s.yamlName());
            new BundleWriter().write(new Renderer().render(t, local(t)), d);
            Tools.ok(d.resolve("config/haproxy"), haproxy.toString(), "-c", "-f", "haproxy.cfg");
        }
    }
}
