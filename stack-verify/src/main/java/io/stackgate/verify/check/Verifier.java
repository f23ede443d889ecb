package io.stackgate.verify.check;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Timeline;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.wait.Wait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs checks against a target and collects a {@link Report}, in their order: a check starts once every
 * check before it whose {@linkplain Check#footprint() footprint} conflicts with its own has finished, so
 * a check that only reads the alerting path runs beside one that replaces a query node, while a fault on
 * a replica runs alone. The report lists the checks in their order whatever order they finish in. A check whose target lacks a capability it {@linkplain
 * Check#requires() requires} is SKIPPED with the target's reason without running; a check that throws is
 * FAILED with the reason, never skipped; the next check still runs.
 */
public final class Verifier {
    /** Progress while checks run (the CLI prints it); called from one thread, in the order things happen. */
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
        // 5 s tick, the first one 5 s after it starts. hang, which needs neither scraped targets nor alerts,
        // runs while that first tick is due, so that the alert checks after it do not wait for it; it comes
        // first also because the hole it leaves in the frozen replica's own copy has to leave history's
        // window before history can take its steady state. alert-once and failover-alertmanager, which touch
        // only alerting (and an Alertmanager's scrape), then run beside failover-query and slow-replica,
        // which touch only the datasource path (and a scrape); the checks that read the scrapes wait for all
        // four. history runs before the other replacements: its window must predate every fresh disk but the
        // one it makes.
        return List.of(new ReadyCheck(), new SharedConfigCheck(), new DatasourceCheck(), new GrafanaDatasourceHealthCheck(),
                new HangCheck(), new FailoverQueryCheck(), new SlowReplicaCheck(),
                new AlertOnceCheck(), new FailoverAlertmanagerCheck(), new ReplicaLabelsCheck(), new ScrapeCoverageCheck(),
                new FederationCheck(), new HistoryCheck(), new FailoverPrometheusCheck(),
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
        List<CheckResult> results = runAll(target, ctx, listener);
        Map<String, Double> figures = new LinkedHashMap<>(target.figures());
        figures.putAll(ctx.figures());
        double total = setupSeconds + (System.nanoTime() - t0) / 1e9;
        figures.put("verify_total_s", total);
        List<String> order = checks.stream().map(Check::name).toList();
        List<Timeline> timelines = ctx.timelines().stream()
                .sorted(Comparator.comparingInt((Timeline tl) -> order.indexOf(tl.check()))).toList();
        return new Report(target.topology().name(), source, target.name(), startedAt.toString(), total, results,
                timelines, figures);
    }

    /**
     * Starts every check whose turn has come (see the class comment) and waits for the next to finish,
     * until all have; results in the checks' order.
     */
    private List<CheckResult> runAll(Target target, CheckContext ctx, Listener listener) {
        int n = checks.size();
        CheckResult[] results = new CheckResult[n];
        boolean[] started = new boolean[n];
        boolean[] finished = new boolean[n];
        List<Footprint> footprints = checks.stream().map(Check::footprint).toList();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stackgate-check");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        try {
            for (int left = n; left > 0; left--) {
                for (int i = 0; i < n; i++) {
                    if (!started[i] && mayStart(i, footprints, finished)) {
                        started[i] = true;
                        int index = i;
                        listener.started(checks.get(i).name());
                        done.submit(() -> {
                            results[index] = runOne(checks.get(index), target, ctx);
                            return index;
                        });
                    }
                }
                int index = done.take().get();
                finished[index] = true;
                listener.finished(results[index]);
            }
            return List.of(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the checks ran", e);
        } catch (ExecutionException e) {
            // runOne turns every RuntimeException into a verdict: what comes here is an Error, passed on as is
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether no unfinished check before {@code i} conflicts with it. A check after {@code i} that already
     * runs passed the same test against {@code i}, and conflicts are symmetric: it cannot conflict either.
     */
    private static boolean mayStart(int i, List<Footprint> footprints, boolean[] finished) {
        for (int j = 0; j < i; j++) {
            if (!finished[j] && footprints.get(i).conflicts(footprints.get(j))) {
                return false;
            }
        }
        return true;
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
