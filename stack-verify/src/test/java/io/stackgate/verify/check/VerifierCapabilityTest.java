package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Renderer;
import io.stackgate.verify.local.LocalTargetProvider;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Targets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The verifier, not each check, turns a missing capability into SKIPPED with the target's reason;
 * such a check never runs and never passes. The target here offers nothing (no processes): it is a
 * stand-in for a target without the capability, which is exactly what is under test.
 */
class VerifierCapabilityTest {
    private static final Topology SEED = Fixtures.example("seed-2az.yaml");

    /** A target that offers only what it is given. */
    private static Target offering(Capabilities caps) {
        Bundle bundle = new Renderer().render(SEED);
        return new Target() {
            @Override public String name() { return "bare"; }
            @Override public Topology topology() { return SEED; }
            @Override public Bundle bundle() { return bundle; }
            @Override public Capabilities capabilities() { return caps; }
            @Override public Map<String, Double> figures() { return Map.of(); }
            @Override public void close() { }
        };
    }

    /** A check that would PASS if it ran. */
    private static Check passingCheckNeeding(Class<? extends Capability> needed, AtomicBoolean ran) {
        return new Check() {
            @Override public String name() { return "needs-" + needed.getSimpleName(); }
            @Override public List<Class<? extends Capability>> requires() { return List.of(needed); }
            @Override public Verdict run(Target target, CheckContext context) {
                ran.set(true);
                return Verdict.passed("would pass", List.of());
            }
        };
    }

    @Test
    void aCheckWhoseCapabilityIsMissingIsSkippedWithTheTargetsReasonAndNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        Target target = offering(Capabilities.of("bare").without(ProcessFaults.class,
                "instances of a live stack are not frozen by stackgate"));
        CheckResult r = Verifier.runOne(passingCheckNeeding(ProcessFaults.class, ran), target, new CheckContext());
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).isEqualTo("instances of a live stack are not frozen by stackgate");
        assertThat(ran).isFalse();
    }

    @Test
    void aCapabilityNeverMentionedGetsAReasonThatNamesTheTargetAndTheCapability() {
        AtomicBoolean ran = new AtomicBoolean();
        CheckResult r = Verifier.runOne(passingCheckNeeding(ProcessFaults.class, ran), offering(Capabilities.of("bare")),
                new CheckContext());
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).isEqualTo("the bare target has no ProcessFaults capability");
        assertThat(ran).isFalse();
    }

    @Test
    void aCheckThatAsksForMoreThanItDeclaredIsSkippedNotPassed() {
        Check sneaky = new Check() {
            @Override public String name() { return "sneaky"; }
            @Override public List<Class<? extends Capability>> requires() { return List.of(); }
            @Override public Verdict run(Target target, CheckContext context) {
                target.require(ProcessFaults.class).kill(null);
                return Verdict.passed("killed", List.of());
            }
        };
        CheckResult r = Verifier.runOne(sneaky, offering(Capabilities.of("bare")), new CheckContext());
        assertThat(r.status()).isEqualTo(Status.SKIPPED);
        assertThat(r.detail()).contains("no ProcessFaults capability");
    }

    @Test
    void everyBuiltInCheckIsSkippedOnATargetWithoutCapabilitiesAndTheReportDoesNotCountThemAsPassed() {
        Report report = new Verifier(Verifier.builtIn()).run(offering(Capabilities.of("bare")), "test", Instant.EPOCH, 0,
                new Verifier.Listener() { });
        assertThat(report.checks()).isNotEmpty().allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.SKIPPED));
        assertThat(report.count(Status.PASSED)).isZero();
    }

    @Test
    void theRegistryFindsTheLocalTargetAndNamesTheKnownOnesForAnUnknownName() {
        assertThat(Targets.find("local")).get().isInstanceOf(LocalTargetProvider.class);
        assertThatThrownBy(() -> Targets.require("nowhere")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown target nowhere").hasMessageContaining("local (real binaries");
    }
}
