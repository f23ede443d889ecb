package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples pass every check that can run here; the others say SKIPPED with a reason. */
class ExamplesPassEveryCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {"seed-2az.yaml", "three-az.yaml"})
    void everyRunnableCheckPasses(String example) {
        try (LocalTarget env = LocalTarget.start(Fixtures.example(example))) {
            Report report = new Verifier(Verifier.builtIn()).run(env, example, Instant.now(), 0, new Verifier.Listener() {
                @Override
                public void finished(CheckResult r) {
                    System.out.printf("%-22s %-7s %6.2fs %s%n", r.name(), r.status(), r.seconds(), r.detail());
                    if (r.status() == Status.FAILED) {
                        r.evidence().forEach(e -> System.out.println("    " + e));
                    }
                }
            });
            System.out.println(report.figures());
            assertThat(report.checks()).filteredOn(c -> c.status() == Status.FAILED).isEmpty();
            assertThat(report.checks()).filteredOn(c -> c.status() == Status.SKIPPED)
                    .allSatisfy(c -> assertThat(c.detail()).isNotBlank());
            assertThat(report.checks()).filteredOn(c -> c.name().equals("grafana-datasource"))
                    .extracting(CheckResult::status).containsExactly(Status.SKIPPED);
        }
    }
}
