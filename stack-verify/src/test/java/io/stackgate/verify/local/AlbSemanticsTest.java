package io.stackgate.verify.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import io.stackgate.verify.load.Load;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The local balancer behaves as an ALB: a target killed under load gives failed requests (no retry on
 * another target, no redispatch) from the kill until its health checks eject it — at the moment the
 * topology's interval × unhealthy threshold (on the replica's tempo) says — and none after.
 */
class AlbSemanticsTest {
    /** On loopback, and (as root) in the AZ namespaces, where link proxies stand in front of the replicas. */
    @ParameterizedTest
    @EnumSource(value = LocalTarget.Network.class, names = {"LOOPBACK", "AUTO"})
    void aKilledTargetFailsRequestsUntilItsEjectionAndNoneAfter(LocalTarget.Network network) {
        Topology t = Fixtures.example("seed-2az.yaml").toBuilder().query(Query.none()).build();
        try (LocalTarget env = LocalTarget.start(t, network)) {
            Balancer balancer = env.require(Balancer.class);
            Node victim = env.require(Nodes.class).nodes(Tier.PROMETHEUS).get(0);
            URI query = URI.create(balancer.datasource() + "/api/v1/query?query=up");
            double killedAt;
            double ejectedAt;
            List<Load.Outcome> outcomes;
            try (Load load = Load.start(query, 100, Duration.ofSeconds(10), Duration.ofSeconds(30))) {
                Wait.until("half a second of load", Duration.ofSeconds(5)).polling(Duration.ofMillis(10))
                        .on(load::now, s -> s >= 0.5);
                killedAt = load.now();
                env.require(ProcessFaults.class).kill(victim);
                Wait.until(victim.id() + " ejected", Duration.ofSeconds(5)).polling(Duration.ofMillis(5))
                        .on(() -> balancer.inService(victim), in -> !in);
                ejectedAt = load.now();
                double until = ejectedAt + 1.0;
                Wait.until("a second of load after the ejection", Duration.ofSeconds(5)).polling(Duration.ofMillis(10))
                        .on(load::now, s -> s >= until);
                outcomes = load.stop();
            }
            double interval = balancer.checkWindow().toMillis() / 1000.0 / t.loadBalancers().healthCheck().unhealthyThreshold();
            double eject = ejectedAt - killedAt;
            assertThat(eject).as("ejected after (threshold - 1) × interval at the earliest")
                    .isGreaterThanOrEqualTo(0.8 * interval * (t.loadBalancers().healthCheck().unhealthyThreshold() - 1));
            assertThat(eject).as("ejected within threshold × interval + one check timeout (+ scheduling slack)")
                    .isLessThanOrEqualTo(balancer.checkWindow().toMillis() / 1000.0 + 0.5);
            List<Load.Outcome> failed = outcomes.stream().filter(Load.Outcome::failed).toList();
            assertThat(failed).as("no retry on the survivor: requests sent to the dead target fail").isNotEmpty();
            assertThat(failed).as("every failure was sent between the kill and the ejection")
                    .allSatisfy(o -> assertThat(o.start()).isBetween(killedAt - 0.05, ejectedAt + 0.1));
            // while the dead target is in rotation (first to last failure: the moments this test observes the
            // kill and the ejection lag on a busy machine), round-robin sends it every other request
            double first = failed.stream().mapToDouble(Load.Outcome::start).min().orElseThrow();
            double last = failed.stream().mapToDouble(Load.Outcome::start).max().orElseThrow();
            long inRotation = outcomes.stream().filter(o -> o.start() >= first && o.start() <= last).count();
            assertThat(inRotation).as("requests sent while the dead target was in rotation").isGreaterThanOrEqualTo(6);
            assertThat((double) failed.size() / inRotation).as("round-robin over two targets: about one in two fails")
                    .isBetween(0.3, 0.7);
        }
    }
}
