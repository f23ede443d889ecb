package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Renderer;
import io.stackgate.verify.check.Footprint.Part;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The verifier runs checks side by side only where their footprints allow it: checks that must overlap
 * prove it by meeting at a latch while both run (a check that waits alone fails), checks that must not
 * prove it by finding nobody else inside. The target is a stand-in offering nothing: the scheduling is
 * what is under test, not a stack.
 */
class VerifierScheduleTest {
    private static final Topology SEED = Fixtures.example("seed-2az.yaml");
    private static final Footprint ALERTS = Footprint.reading(Part.ALERTING);
    private static final Footprint QUERY_FAULT = Footprint.reading(Part.DATASOURCE).disturbing(Part.DATASOURCE);
    private static final Footprint ALERT_FAULT = Footprint.reading(Part.ALERTING).disturbing(Part.ALERTING);

    private final Set<String> inside = ConcurrentHashMap.newKeySet();
    /** Pairs of checks seen running at the same time, each as "a|b" with a before b alphabetically. */
    private final Set<String> overlaps = ConcurrentHashMap.newKeySet();

    private static Target bare() {
        Bundle bundle = new Renderer().render(SEED);
        return new Target() {
            @Override public String name() { return "bare"; }
            @Override public Topology topology() { return SEED; }
            @Override public Bundle bundle() { return bundle; }
            @Override public Capabilities capabilities() { return Capabilities.of("bare"); }
            @Override public Map<String, Double> figures() { return Map.of(); }
            @Override public void close() { }
        };
    }

    /** A check with {@code footprint} that notes who else runs while it does and then does {@code body}. */
    private Check check(String name, Footprint footprint, Function<String, Verdict> body) {
        return new Check() {
            @Override public String name() { return name; }
            @Override public List<Class<? extends Capability>> requires() { return List.of(); }
            @Override public Footprint footprint() { return footprint; }
            @Override public Verdict run(Target target, CheckContext context) {
                inside.add(name);
                try {
                    noteOthers(name);
                    Verdict v = body.apply(name);
                    noteOthers(name);
                    return v;
                } finally {
                    inside.remove(name);
                }
            }
        };
    }

    private void noteOthers(String name) {
        inside.stream().filter(other -> !other.equals(name))
                .forEach(other -> overlaps.add(name.compareTo(other) < 0 ? name + "|" + other : other + "|" + name));
    }

    /** Passes only when {@code parties} checks reach the latch while all of them run. */
    private static Function<String, Verdict> meet(CountDownLatch latch) {
        return name -> {
            latch.countDown();
            try {
                return latch.await(10, TimeUnit.SECONDS) ? Verdict.passed("met", List.of())
                        : Verdict.failed(name + " waited alone: the other check did not run beside it", List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.failed("interrupted", List.of());
            }
        };
    }

    private static Function<String, Verdict> pause(long millis) {
        return name -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Verdict.passed("paused", List.of());
        };
    }

    private static Report run(List<Check> checks) {
        return new Verifier(checks).run(bare(), "test", Instant.now(), 0, new Verifier.Listener() {
        });
    }

    @Test
    void checksThatDoNotDisturbWhatTheOtherReadsRunSideBySide() {
        CountDownLatch both = new CountDownLatch(2);
        Report report = run(List.of(check("query-fault", QUERY_FAULT, meet(both)), check("alerts", ALERTS, meet(both))));
        assertThat(report.checks()).extracting(CheckResult::status).containsOnly(Status.PASSED);
        assertThat(overlaps).contains("alerts|query-fault");
    }

    @Test
    void aCheckDisturbingWhatAnotherReadsWaitsForItEvenWhenDeclaredLater() {
        Report report = run(List.of(check("alerts", ALERTS, pause(200)), check("alert-fault", ALERT_FAULT, pause(200)),
                check("query-fault", QUERY_FAULT, pause(600))));
        assertThat(report.checks()).extracting(CheckResult::status).containsOnly(Status.PASSED);
        assertThat(overlaps).noneMatch(o -> o.contains("alerts") && o.contains("alert-fault"));
        // the query fault conflicts with neither: it ran beside both
        assertThat(overlaps).contains("alerts|query-fault", "alert-fault|query-fault");
    }

    @Test
    void aCheckWithTheDefaultFootprintRunsAloneAndHoldsBackEveryLaterCheck() {
        Report report = run(List.of(check("alerts", ALERTS, pause(200)),
                check("team-check", Footprint.everything(), pause(200)), check("query-fault", QUERY_FAULT, pause(200))));
        assertThat(report.checks()).extracting(CheckResult::status).containsOnly(Status.PASSED);
        assertThat(overlaps).noneMatch(o -> o.contains("team-check"));
        assertThat(overlaps).noneMatch(o -> o.contains("alerts") && o.contains("query-fault"));
    }

    @Test
    void theReportListsTheChecksInTheirOrderWhateverOrderTheyFinishIn() {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<String> finishedOrder = new ArrayList<>();
        Check first = check("slow-first", QUERY_FAULT, name -> {
            try {
                return secondDone.await(10, TimeUnit.SECONDS) ? Verdict.passed("after the second", List.of())
                        : Verdict.failed("the second check did not run beside it", List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.failed("interrupted", List.of());
            }
        });
        Check second = check("quick-second", ALERTS, name -> Verdict.passed("quick", List.of()));
        Report report = new Verifier(List.of(first, second)).run(bare(), "test", Instant.now(), 0, new Verifier.Listener() {
            @Override
            public void finished(CheckResult r) {
                finishedOrder.add(r.name());
                // the first may end only once the verifier has seen the second end, whatever the threads' timing
                if (r.name().equals("quick-second")) {
                    secondDone.countDown();
                }
            }
        });
        assertThat(finishedOrder).containsExactly("quick-second", "slow-first");
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly("slow-first", "quick-second");
        assertThat(report.checks()).extracting(CheckResult::status).containsOnly(Status.PASSED);
    }

    @Test
    void anErrorThrownByACheckReachesTheCallerAsItIs() {
        Check broken = check("broken", ALERTS, name -> {
            throw new AssertionError("a team's assertion");
        });
        assertThatThrownBy(() -> run(List.of(broken, check("beside", QUERY_FAULT, pause(50)))))
                .isInstanceOf(AssertionError.class).hasMessage("a team's assertion");
    }

    @Test
    void theBuiltInChecksOverlapOnlyWhereNeitherDisturbsWhatTheOtherReads() {
        Map<String, Footprint> f = new ConcurrentHashMap<>();
        Verifier.builtIn().forEach(c -> f.put(c.name(), c.footprint()));
        // alerting beside the datasource path
        assertThat(f.get("alert-once").conflicts(f.get("failover-query"))).isFalse();
        assertThat(f.get("alert-once").conflicts(f.get("slow-replica"))).isFalse();
        assertThat(f.get("failover-alertmanager").conflicts(f.get("slow-replica"))).isFalse();
        // never two faults on what either reads, never a read of the scrapes beside a fault that downs a target
        assertThat(f.get("failover-query").conflicts(f.get("slow-replica"))).isTrue();
        assertThat(f.get("alert-once").conflicts(f.get("failover-alertmanager"))).isTrue();
        assertThat(f.get("scrape-coverage").conflicts(f.get("failover-alertmanager"))).isTrue();
        assertThat(f.get("scrape-coverage").conflicts(f.get("failover-query"))).isTrue();
        // a fault on a replica, a zone or the config runs alone
        for (String alone : List.of("hang", "history", "failover-prometheus", "az-outage", "partition", "bad-config-push")) {
            f.forEach((other, fp) -> assertThat(f.get(alone).conflicts(fp)).as(alone + " beside " + other).isTrue());
        }
    }
}
