package io.stackgate.verify.check;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.wait.Wait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs checks one after the other against a target and collects a {@link Report}. A check whose
 * target lacks a capability it {@linkplain Check#requires() requires} is SKIPPED with the target's
 * reason without running; a check that throws is FAILED with the reason, never skipped; the next
 * check still runs.
 */
public final class Verifier {
    /** Progress while checks run (the CLI prints it). */
    public interface Listener {
        default void started(String check) {
        }

        default void finished(CheckResult result) {
        }
    }

    private final List<Check> checks;

    public Verifier(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The built-in checks, in the order they run. */
    public static List<Check> builtIn() {
        // Prometheus 2.x hands discovered targets and Alertmanagers to its scrape and notify loops on a
        // 5 s tick, the first one 5 s after it starts. The fault checks that read the datasource but need
        // neither scraped targets nor alerts (a query node lost, a replica hung, a slow link; none gives a
        // replica a fresh disk) run while that first tick is due, so that alert-once does not wait for it.
        // The hang comes first of them: the hole it leaves in the frozen replica's own copy has to leave
        // history's window before history can take its steady state, and every check between helps.
        // history runs before the other replacements: its window must predate every fresh disk but the one
        // it makes.
        return List.of(new ReadyCheck(), new SharedConfigCheck(), new DatasourceCheck(), new GrafanaDatasourceHealthCheck(),
                new HangCheck(), new FailoverQueryCheck(), new SlowReplicaCheck(),
                new AlertOnceCheck(), new ReplicaLabelsCheck(), new ScrapeCoverageCheck(), new FederationCheck(),
                new HistoryCheck(), new FailoverPrometheusCheck(), new FailoverAlertmanagerCheck(),
                new AzOutageCheck(), new PartitionCheck(), new BadConfigPushCheck());
    }

    /** The built-in checks followed by {@code extra} (a team's own). */
    public static Verifier withBuiltIns(List<Check> extra) {
        List<Check> all = new ArrayList<>(builtIn());
        all.addAll(extra);
        return new Verifier(all);
    }

    public Report run(Target target, String source, Instant startedAt, double setupSeconds, Listener listener) {
        long t0 = System.nanoTime();
        CheckContext ctx = new CheckContext();
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            listener.started(check.name());
            CheckResult r = runOne(check, target, ctx);
            results.add(r);
            listener.finished(r);
        }
        Map<String, Double> figures = new LinkedHashMap<>(target.figures());
        figures.putAll(ctx.figures());
        double total = setupSeconds + (System.nanoTime() - t0) / 1e9;
        figures.put("verify_total_s", total);
        return new Report(target.topology().name(), source, target.name(), startedAt.toString(), total, results,
                ctx.timelines(), figures);
    }

    /** Runs one check, timing it and turning exceptions into a FAILED result. */
    public static CheckResult runOne(Check check, Target target, CheckContext ctx) {
        long start = System.nanoTime();
        Verdict v;
        try {
            v = missingCapability(check, target.capabilities()).orElseGet(() -> check.run(target, ctx));
        } catch (Capabilities.MissingCapabilityException e) {
            // a check that asks for more than it declared: still never a pass
            v = Verdict.skipped(e.getMessage());
        } catch (Wait.WaitTimeoutException e) {
            v = Verdict.failed(e.getMessage(), List.of());
        } catch (RuntimeException e) {
            v = Verdict.failed("the check could not complete: " + e, List.of(stack(e)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String detail = v.detail().isBlank() ? v.status().name().toLowerCase() : v.detail();
        return new CheckResult(check.name(), v.status(), seconds, detail, v.evidence());
    }

    /** SKIPPED with the target's reason for the first capability the check needs and the target lacks. */
    private static java.util.Optional<Verdict> missingCapability(Check check, Capabilities offered) {
        for (Class<? extends Capability> needed : check.requires()) {
            java.util.Optional<String> why = offered.missing(needed);
            if (why.isPresent()) {
                return java.util.Optional.of(Verdict.skipped(why.get()));
            }
        }
        return java.util.Optional.empty();
    }

    private static String stack(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement el : e.getStackTrace()) {
            if (sb.length() > 1500) {
                break;
            }
            sb.append("  at ").append(el).append('\n');
        }
        return sb.toString();
    }
}
