package io.stackgate.verify.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.verify.check.Check;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.result.Verdict;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@StackTest("examples/seed-2az.yaml")
class StackExtensionTest {
    private static Target seen;

    private static Check failing(String name, String detail) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Verdict run(Target env, io.stackgate.verify.check.CheckContext ctx) {
                return Verdict.failed(detail, List.of("evidence of " + name));
            }
        };
    }

    @Test
    void injectsTheRunningStackByType(Target stack, LocalTarget local) {
        assertThat(stack).isSameAs(local);
        assertThat(stack.topology().name()).isEqualTo("obs");
        assertThat(stack.require(Nodes.class).nodes(Tier.PROMETHEUS)).hasSize(2);
        seen = stack;
    }

    @Test
    void fluentAssertionsPassOnAHealthyStack(Target stack) {
        StackAssertions.assertThat(stack)
                .everyReplicaLoadedTheSameConfig()
                .hasTargetUpEverywhere("prometheus", stack.require(Nodes.class).nodes(Tier.PROMETHEUS).get(0).hostPort())
                .deliversAnAlertExactlyOnce();
    }

    @Test
    void aFailedAssertionSaysWhatWasExpectedAndWhatWasSeen(Target stack) {
        assertThatThrownBy(() -> StackAssertions.assertThat(stack).passes(failing("team-slo", "p99 was 3 s")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the obs stack to pass check team-slo but team-slo was FAILED: p99 was 3 s")
                .hasMessageContaining("evidence of team-slo");
    }

    @Test
    void aTargetThatDoesNotExistFailsWithTheLastValueSeen(Target stack) {
        assertThatThrownBy(() -> StackAssertions.assertThat(stack).hasTargetUpEverywhere("node", "127.0.0.1:1"))
                .hasMessageContaining("Expecting target 127.0.0.1:1 of job node to be up on prometheus-1")
                .hasMessageContaining("last seen");
    }

    @Test
    void softAssertionsCollectEveryFailure(Target stack) {
        SoftStackAssertions softly = new SoftStackAssertions();
        softly.assertThat(stack).passes(failing("first", "one")).passes(failing("second", "two"))
                .everyReplicaLoadedTheSameConfig();
        assertThatThrownBy(softly::assertAll).hasMessageContaining("first was FAILED: one")
                .hasMessageContaining("second was FAILED: two");
        assertThat(softly.errorsCollected()).hasSize(2);
    }

    @AfterAll
    static void everyNodeIsStillUpUntilTheExtensionClosesIt() {
        if (seen != null) {
            assertThat(NodeProcess.liveCount()).isPositive();
        }
    }
}
