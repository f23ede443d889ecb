package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.chaos.Journal.Event;
import io.stackgate.aws.chaos.Journal.Hypothesis;
import io.stackgate.aws.chaos.Journal.Outcome;
import io.stackgate.aws.chaos.Journal.Rollback;
import io.stackgate.aws.chaos.Journal.Step;
import io.stackgate.aws.fault.Actions;
import io.stackgate.aws.fault.AwsControlPlane;
import io.stackgate.aws.fault.Undone;
import io.stackgate.runtime.ExitHook;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.ControlPlane.Fault;
import io.stackgate.verify.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one {@link ChaosPlan} against a target in the Chaos Toolkit order: steady-state hypothesis →
 * method → hypothesis again → rollbacks, and returns the {@link Journal}.
 *
 * <p>Refuses (outcome REFUSED, nothing touched) when the hypothesis does not hold before. The
 * rollbacks run always once the method started: after the second hypothesis, after a failed step,
 * after an exception, and on JVM shutdown (SIGTERM, Ctrl-C) from a shutdown hook, which then hands
 * the journal, outcome ABORTED, to {@code sink}. The journal reaches {@code sink} exactly once.
 *
 * <p>The faults go through the target's {@link ControlPlane}; when the target also offers
 * {@link AwsApi}, each step waits (bounded by {@link Settings#effectTimeout()}) until its effect is
 * visible in the API before the next phase.
 *
 * <p>Why one file over 300 lines: the Chaos Toolkit order and the guarantee that rollbacks run exactly once
 * (normal end, failure, exception, shutdown hook) belong in one place.
 */
public final class ChaosRunner {
    /**
     * @param pauseAfter how long the fault is held after the method before the hypothesis is probed again
     * @param effectTimeout how long a step waits for its effect to show in the API
     */
    public record Settings(Duration pauseAfter, Duration effectTimeout) {
        public Settings {
            Objects.requireNonNull(pauseAfter, "pauseAfter");
            Objects.requireNonNull(effectTimeout, "effectTimeout");
        }
    }

    /** Progress lines while the run goes (the CLI prints them). */
    public interface Listener {
        void line(String line);
    }

    private final Settings settings;

    public ChaosRunner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs the plan; see the class comment. {@code before} and {@code after} are the hypothesis'
     * probes before and after the method.
     */
    public Journal run(Target target, String source, ChaosPlan plan, List<Check> before, List<Check> after,
            Listener listener, Consumer<Journal> sink) {
        Run run = new Run(target, source, plan, listener, sink);
        return run.execute(before, after);
    }

    /** One run's mutable record, shared with the shutdown hook (every access synchronized). */
    private final class Run {
        private final Target target;
        private final String source;
        private final ChaosPlan plan;
        private final Listener listener;
        private final Consumer<Journal> sink;
        private final Instant startedAt = Instant.now();
        private final long t0 = System.nanoTime();
        private final List<Event> timeline = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final List<Rollback> rollbacks = new ArrayList<>();
        private final List<Fault> pending = new ArrayList<>();
        private Hypothesis before;
        private Hypothesis after;
        private boolean delivered;
        /** A control-plane call is under way: its fault is not yet in {@link #pending}. */
        private boolean inFlight;
        private boolean aborting;

        Run(Target target, String source, ChaosPlan plan, Listener listener, Consumer<Journal> sink) {
            this.target = target;
            this.source = source;
            this.plan = plan;
            this.listener = listener;
            this.sink = sink;
        }

        Journal execute(List<Check> beforeProbes, List<Check> afterProbes) {
            event("start", plan.experiment().id() + " on the " + target.name() + " target, zone " + plan.zone());
            Hypothesis b = hypothesis("before", beforeProbes);
            synchronized (this) {
                before = b;
            }
            if (!b.met()) {
                return deliver(Outcome.REFUSED, "the steady-state hypothesis did not hold before the method: "
                        + firstProblem(b) + "; nothing was touched");
            }
            ControlPlane plane = target.require(ControlPlane.class);
            ExitHook hook = ExitHook.register("stackgate-chaos-rollback", () -> abort(plane));
            Outcome outcome;
            String reason;
            try {
                Optional<String> failure = method(plane);
                if (failure.isPresent()) {
                    outcome = Outcome.FAILED;
                    reason = failure.get();
                } else {
                    hold();
                    Hypothesis a = hypothesis("after", afterProbes);
                    synchronized (this) {
                        after = a;
                    }
                    outcome = a.met() ? Outcome.COMPLETED : Outcome.DEVIATED;
                    reason = a.met() ? "the hypothesis held after the method: " + plan.experiment().claim()
                            : "the hypothesis did not hold after the method: " + firstProblem(a);
                }
            } catch (RuntimeException e) {
                outcome = Outcome.FAILED;
                reason = "the run could not complete: " + e;
            } finally {
                rollbackAll(plane);
            }
            hook.cancel(); // during the exit the hook runs or has run, and it delivers the journal
            return deliver(outcome, reason);
        }

        private Optional<String> method(ControlPlane plane) {
            for (ChaosPlan.Action a : plan.actions()) {
                double start = now();
                String on = a.node().map(n -> n.id()).orElse(a.zone());
                synchronized (this) {
                    if (aborting) {
                        return Optional.of("interrupted before " + a.kind() + " " + on);
                    }
                    inFlight = true;
                }
                event("method", a.kind() + " " + on);
                try {
                    Fault f = switch (a.kind()) {
                        case Actions.TERMINATE -> plane.terminate(a.node().orElseThrow());
                        case Actions.STOP_ZONE -> plane.stopZone(a.zone());
                        case Actions.DEREGISTER -> plane.deregister(a.node().orElseThrow());
                        default -> throw new IllegalArgumentException("unknown action " + a.kind());
                    };
                    synchronized (this) {
                        pending.add(f);
                        inFlight = false;
                        notifyAll();
                    }
                    String effect = target.capabilities().find(AwsApi.class)
                            .map(api -> Effects.await(api.aws(), f, settings.effectTimeout()))
                            .orElse("not observed: the target offers no AWS API view");
                    event("method", a.kind() + " " + on + ": " + f.instanceIds() + " in " + f.zone() + "; " + effect);
                    synchronized (this) {
                        steps.add(new Step(a.kind(), on, start, now() - start, Optional.of(f), effect, Optional.empty()));
                    }
                } catch (RuntimeException e) {
                    event("method", a.kind() + " " + on + " failed: " + e.getMessage());
                    synchronized (this) {
                        inFlight = false;
                        notifyAll();
                        steps.add(new Step(a.kind(), on, start, now() - start, Optional.empty(), "", Optional.of(String.valueOf(e))));
                    }
                    return Optional.of("method step " + a.kind() + " " + on + " failed: " + e.getMessage());
                }
            }
            return Optional.empty();
        }

        private void hold() {
            if (settings.pauseAfter().isZero()) {
                return;
            }
            event("pause", "holding the fault for " + settings.pauseAfter().toSeconds() + " s before the hypothesis");
            try {
                // a deliberate pause of the experiment (Chaos Toolkit's pauses.after), not a wait for a condition
                Thread.sleep(settings.pauseAfter().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding the fault", e);
            }
        }

        private Hypothesis hypothesis(String phase, List<Check> probes) {
            double start = now();
            event("hypothesis-" + phase, "probing " + probes.stream().map(Check::name).toList());
            CheckContext ctx = new CheckContext();
            List<CheckResult> results = new ArrayList<>();
            for (Check c : probes) {
                CheckResult r = Verifier.runOne(c, target, ctx);
                results.add(r);
                event("hypothesis-" + phase, r.name() + " " + r.status() + ": " + r.detail());
            }
            boolean met = results.stream().noneMatch(r -> r.status() == Status.FAILED)
                    && results.stream().anyMatch(r -> r.status() == Status.PASSED);
            event("hypothesis-" + phase, met ? "steady state met" : "steady state NOT met");
            return new Hypothesis(met, start, now() - start, results);
        }

        /** Undoes every pending fault, newest first; each once, whoever calls first (main thread or hook). */
        private void rollbackAll(ControlPlane plane) {
            while (true) {
                Fault f;
                synchronized (this) {
                    if (pending.isEmpty()) {
                        return;
                    }
                    f = pending.remove(pending.size() - 1);
                }
                double start = now();
                event("rollback", f.action() + " " + f.instanceIds());
                Rollback r;
                try {
                    if (plane instanceof AwsControlPlane aws) {
                        Undone u = aws.undo(f);
                        r = new Rollback(f.action(), start, now() - start, true, u.done(), u.unchanged(), Optional.empty());
                    } else {
                        plane.rollback(f);
                        r = new Rollback(f.action(), start, now() - start, true, List.of("rollback " + f.action()), List.of(),
                                Optional.empty());
                    }
                    event("rollback", f.action() + " undone: " + String.join("; ", r.done().isEmpty() ? r.unchanged() : r.done()));
                } catch (RuntimeException e) {
                    r = new Rollback(f.action(), start, now() - start, false, List.of(), List.of(), Optional.of(String.valueOf(e)));
                    event("rollback", f.action() + " FAILED: " + e.getMessage());
                }
                synchronized (this) {
                    rollbacks.add(r);
                }
            }
        }

        private void abort(ControlPlane plane) {
            synchronized (this) {
                if (delivered) {
                    return;
                }
                aborting = true;
                // a call under way returns its fault shortly; without this wait it would escape the rollback
                long deadline = System.nanoTime() + settings.effectTimeout().toNanos();
                while (inFlight && System.nanoTime() < deadline) {
                    try {
                        wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            event("abort", "interrupted (JVM shutdown): rolling back");
            rollbackAll(plane);
            deliver(Outcome.ABORTED, "interrupted before the run ended; the rollbacks ran");
        }

        private synchronized Journal deliver(Outcome outcome, String reason) {
            event("end", outcome.id() + ": " + reason);
            Journal j = new Journal(plan, target.name(), source, startedAt.toString(), now(), outcome, reason, before,
                    Optional.ofNullable(after), steps, rollbacks, timeline);
            if (!delivered) {
                delivered = true;
                sink.accept(j);
            }
            return j;
        }

        private void event(String phase, String what) {
            Event e = new Event(now(), phase, what);
            synchronized (this) {
                timeline.add(e);
            }
            listener.line(String.format(java.util.Locale.ROOT, "%8.2f s  %-18s %s", e.t(), phase, what));
        }

        private double now() {
            return (System.nanoTime() - t0) / 1e9;
        }

        private String firstProblem(Hypothesis h) {
            return h.probes().stream().filter(r -> r.status() == Status.FAILED).map(r -> r.name() + ": " + r.detail())
                    .findFirst().orElse("no probe passed (every one was SKIPPED: nothing proved the steady state)");
        }
    }
}
