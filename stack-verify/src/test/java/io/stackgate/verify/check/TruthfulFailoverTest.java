package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without a query tier ({@code query.layer: none}, the QUERY_NO_DEDUP finding forced past validation)
 * the rehearsal must show what AWS would: a replaced replica's empty history through the datasource,
 * and the failed requests of a failover behind a balancer that does not retry.
 */
class TruthfulFailoverTest {
    static LocalTarget env;

    @BeforeAll
    static void start() {
        Topology noQueryTier = Fixtures.example("seed-2az.yaml").toBuilder().query(Query.none()).build();
        env = LocalTarget.start(noQueryTier);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void historyFailsWithoutAQueryTierAndShowsTheGap() {
        assertThat(env.require(Nodes.class).nodes(Tier.QUERY)).isEmpty();
        CheckResult r = Verifier.runOne(new HistoryCheck(), env, new CheckContext());
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).contains("hole in the past").contains("query.layer is none");
        assertThat(r.evidence()).anyMatch(e -> e.matches("read \\d: .* has (no samples|\\d+ samples) \\(gap of \\d+\\.\\d+ s, \\d+ scrape intervals\\).*"));
    }

    @Test
    void aFailoverBehindTheBalancerShowsTheFailedRequestsAnAlbWouldGive() {
        CheckContext ctx = new CheckContext();
        CheckResult r = Verifier.runOne(new FailoverPrometheusCheck(), env, ctx);
        assertThat(ctx.figures().get("failover_failed_requests")).as("requests in flight or sent to the dead replica "
                + "before its ejection fail: no retry hides them").isPositive();
        assertThat(ctx.figures().get("failover_error_window_real_s")).isPositive();
        assertThat(r.evidence()).anyMatch(e -> e.matches("on AWS with these health checks: ~\\d+ s during which ~1 in \\d+ queries fail"));
        assertThat(env.require(Balancer.class).realClockFactor()).isEqualTo(40.0);
    }

    @Test
    void theSameFailoverFailsWhenTheTopologyAllowsNoFailedRequestAndATightBudget() {
        Topology strict = env.topology().toBuilder().maxFailedRequests(0).failoverBudgetSeconds(3).build();
        CheckContext ctx = new CheckContext();
        CheckResult r = Verifier.runOne(new FailoverPrometheusCheck(), ForwardingTarget.withTopology(env, strict), ctx);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.detail()).matches("\\d+ of \\d+ requests failed while prometheus-\\d died \\(allowed: 0\\); .*");
        assertThat(r.evidence()).as("the ALB's window on the topology's clock exceeds 3 s")
                .anyMatch(e -> e.matches("the error window is \\d+\\.\\d+ s on the topology's clock, over failoverBudgetSeconds = 3"));
        assertThat(ctx.figures().get("failover_failed_requests")).isPositive();
    }
}
