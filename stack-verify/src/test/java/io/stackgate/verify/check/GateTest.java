package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gate says which checks must actually run and PASS: SKIPPED never meets it. */
class GateTest {
    private static Report report(CheckResult... results) {
        return new Report("obs", "test", "local", "2026-01-01T00:00:00Z", 1, List.of(results), List.of(), Map.of());
    }

    private static CheckResult result(String name, Status status) {
        return new CheckResult(name, status, 0.1, status == Status.PASSED ? "" : "because", List.of());
    }

    @Test
    void aRequiredCheckThatWasSkippedFailsTheGateThoughNothingFailed() {
        Report r = report(result("ready", Status.PASSED), result("grafana-datasource", Status.SKIPPED));
        assertThat(r.passed()).isTrue();
        Gate gate = Gate.of(List.of("grafana-datasource"), false, Verifier.builtIn());
        assertThat(gate.unmet(r)).containsExactly("grafana-datasource was SKIPPED (--require): because");
        assertThat(Gate.of(List.of("ready"), false, Verifier.builtIn()).unmet(r)).isEmpty();
    }

    @Test
    void strictFailsOnAnySkippedCheck() {
        Report r = report(result("ready", Status.PASSED), result("federation", Status.SKIPPED));
        assertThat(new Gate(List.of(), true).unmet(r)).containsExactly("federation was SKIPPED (--strict): because");
        assertThat(new Gate(List.of(), false).unmet(r)).isEmpty();
    }

    @Test
    void aRequiredCheckThatDidNotRunFailsTheGate() {
        assertThat(Gate.of(List.of("history"), false, Verifier.builtIn()).unmet(report(result("ready", Status.PASSED))))
                .containsExactly("history did not run (--require)");
    }

    @Test
    void anUnknownCheckNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Gate.of(List.of("histroy"), false, Verifier.builtIn()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[histroy] are unknown")
                .hasMessageContaining("history");
    }
}
