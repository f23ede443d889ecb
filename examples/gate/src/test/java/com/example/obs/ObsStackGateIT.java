package com.example.obs;

import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.junit.SoftStackAssertions;
import io.stackgate.verify.junit.StackAssertions;
import io.stackgate.verify.junit.StackTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pre-deploy gate of the "obs" stack: `mvn verify` fails when the stack the topology describes
 * does not behave as HA. One local replica is started for the class and stopped after it.
 */
@StackTest("examples/seed-2az.yaml")
class ObsStackGateIT {

    /** A team's own check: every node exporter stand-in exposes CPU metrics for the dashboards. */
    static final Check NODE_CPU_METRICS = new Check() {
        @Override
        public String name() {
            return "node-cpu-metrics";
        }

        @Override
        public Verdict run(Target target, CheckContext context) {
            List<String> missing = new ArrayList<>();
            for (Node exporter : target.require(Nodes.class).nodes(Tier.EXPORTER)) {
                if (!Http.get(exporter.resolve("/metrics")).body().contains("node_cpu_seconds_total")) {
                    missing.add(exporter.id());
                }
            }
            return missing.isEmpty() ? Verdict.passed("every exporter exposes node_cpu_seconds_total", List.of())
                    : Verdict.failed("no CPU metrics on " + missing, List.of());
        }
    };

    @Test
    void replicasAgreeAndEveryTargetIsScraped(Target stack) {
        SoftStackAssertions softly = new SoftStackAssertions();
        softly.assertThat(stack).everyReplicaLoadedTheSameConfig().hasEveryTargetUpEverywhere().passes(NODE_CPU_METRICS);
        softly.assertAll();
    }

    @Test
    void alertsArriveOnceAndAReplicaCanDie(Target stack) {
        StackAssertions.assertThat(stack).deliversAnAlertExactlyOnce().survivesTheLossOfAPrometheusReplica();
    }
}
