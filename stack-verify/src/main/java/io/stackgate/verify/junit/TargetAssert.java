package io.stackgate.verify.junit;

import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.check.AlertOnceCheck;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.check.FailoverPrometheusCheck;
import io.stackgate.verify.check.ScrapeCoverageCheck;
import io.stackgate.verify.check.SharedConfigCheck;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions over a running stack. Each method runs the matching check (or API call) and
 * fails with "Expecting … to … but …" and what was last seen; each returns {@code this} to chain.
 * For soft assertions use {@link SoftStackAssertions}.
 */
public class TargetAssert extends AbstractAssert<TargetAssert, Target> {
    public TargetAssert(Target actual) {
        super(actual, TargetAssert.class);
    }

    /** Every Prometheus replica and Alertmanager runs the same configuration, last reload successful. */
    public TargetAssert everyReplicaLoadedTheSameConfig() {
        return passes(new SharedConfigCheck(), "have every replica load the same configuration");
    }

    /** Every declared target is up on every replica. */
    public TargetAssert hasEveryTargetUpEverywhere() {
        return passes(new ScrapeCoverageCheck(), "have every declared target up on every replica");
    }

    /** The target {@code instance} of {@code job} is up on every Prometheus replica. */
    public TargetAssert hasTargetUpEverywhere(String job, String instance) {
        isNotNull();
        for (Node n : actual.require(Nodes.class).nodes(Tier.PROMETHEUS)) {
            String query = "up{job=\"" + job + "\",instance=\"" + instance + "\"}";
            try {
                Wait.until(query + " = 1 on " + n.id(), Duration.ofSeconds(15)).polling(Duration.ofMillis(250))
                        .on(() -> PrometheusApi.of(n).firstValue(query), "1"::equals);
            } catch (Wait.WaitTimeoutException e) {
                failWithMessage("Expecting target %s of job %s to be up on %s but %s", instance, job, n.id(), e.getMessage());
            }
        }
        return this;
    }

    /** An alert fired by every replica reaches the receivers exactly once. */
    public TargetAssert deliversAnAlertExactlyOnce() {
        return passes(new AlertOnceCheck(), "deliver an alert fired by every replica exactly once");
    }

    /** Killing a Prometheus replica under load fails no request, and a fresh one rejoins. */
    public TargetAssert survivesTheLossOfAPrometheusReplica() {
        return passes(new FailoverPrometheusCheck(), "survive the loss of a Prometheus replica");
    }

    /** Any check, built-in or a team's own, PASSES (SKIPPED fails the assertion: it proves nothing). */
    public TargetAssert passes(Check check) {
        return passes(check, "pass check " + check.name());
    }

    private TargetAssert passes(Check check, String expectation) {
        isNotNull();
        CheckResult r = Verifier.runOne(check, actual, new CheckContext());
        if (r.status() != Status.PASSED) {
            failWithMessage("Expecting the %s stack to %s but %s was %s: %s%s", actual.topology().name(), expectation,
                    r.name(), r.status(), r.detail(), r.evidence().isEmpty() ? ""
                            : "\nevidence:\n  " + String.join("\n  ", r.evidence().stream().limit(15).toList()));
        }
        return this;
    }
}
