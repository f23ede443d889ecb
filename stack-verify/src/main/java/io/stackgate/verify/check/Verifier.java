package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Wait;
import io.stackgate.verify.report.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs checks one after the other against an environment and collects a {@link Report}. A check
 * that throws is FAILED with the reason, never skipped; the next check still runs.
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
        // 5 s tick: the checks that need neither run first, alert-once absorbs the first tick.
        return List.of(new ReadyCheck(), new SharedConfigCheck(), new DatasourceCheck(), new GrafanaDatasourceHealthCheck(),
                new AlertOnceCheck(), new ReplicaLabelsCheck(), new ScrapeCoverageCheck(), new FederationCheck(),
                new FailoverPrometheusCheck(), new FailoverAlertmanagerCheck(), new HangCheck(), new BadConfigPushCheck());
    }

    /** The built-in checks followed by {@code extra} (a team's own). */
    public static Verifier withBuiltIns(List<Check> extra) {
        List<Check> all = new ArrayList<>(builtIn());
        all.addAll(extra);
        return new Verifier(all);
    }

    public Report run(Environment env, String source, Instant startedAt, double setupSeconds, Listener listener) {
        long t0 = System.nanoTime();
        CheckContext ctx = new CheckContext();
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            listener.started(check.name());
            CheckResult r = runOne(check, env, ctx);
            results.add(r);
            listener.finished(r);
        }
        Map<String, Double> figures = new LinkedHashMap<>(env.figures());
        figures.putAll(ctx.figures());
        double total = setupSeconds + (System.nanoTime() - t0) / 1e9;
        figures.put("verify_total_s", total);
        return new Report(env.topology().name(), source, env.target(), startedAt.toString(), total, results,
                ctx.timelines(), figures);
    }

    /** Runs one check, timing it and turning exceptions into a FAILED result. */
    public static CheckResult runOne(Check check, Environment env, CheckContext ctx) {
        long start = System.nanoTime();
        Verdict v;
        try {
            v = check.run(env, ctx);
        } catch (Wait.WaitTimeoutException e) {
            v = Verdict.failed(e.getMessage(), List.of());
        } catch (RuntimeException e) {
            v = Verdict.failed("the check could not complete: " + e, List.of(stack(e)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String detail = v.detail().isBlank() ? v.status().name().toLowerCase() : v.detail();
        return new CheckResult(check.name(), v.status(), seconds, detail, v.evidence());
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
