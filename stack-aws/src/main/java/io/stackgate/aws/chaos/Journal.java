package io.stackgate.aws.chaos;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.target.ControlPlane.Fault;
import java.util.List;
import java.util.Optional;

/**
 * What one chaos run did, in the Chaos Toolkit shape: the steady-state hypothesis before and after
 * (each probe's result), the method's steps with their {@link Fault} records and timings, the
 * rollbacks, a timeline of events and the outcome. Seconds count from the start of the run.
 */
public record Journal(ChaosPlan plan, String target, String source, String startedAt, double seconds, Outcome status,
        String reason, Hypothesis before, Optional<Hypothesis> after, List<Step> method, List<Rollback> rollbacks,
        List<Event> timeline) {
    public Journal {
        method = List.copyOf(method);
        rollbacks = List.copyOf(rollbacks);
        timeline = List.copyOf(timeline);
    }

    /** How a run ended; the CLI's exit code follows from it ({@link #exitCode()}). */
    public enum Outcome {
        /** The hypothesis held after the method. */
        COMPLETED,
        /** The hypothesis did not hold after the method. */
        DEVIATED,
        /** The hypothesis did not hold before the method: nothing was touched. */
        REFUSED,
        /** A method step failed (an API call was refused or failed); the rollbacks ran. */
        FAILED,
        /** Interrupted (SIGTERM, Ctrl-C); the rollbacks ran. */
        ABORTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The steady state as probed once: met when no probe FAILED and at least one PASSED. */
    public record Hypothesis(boolean met, double startSeconds, double seconds, List<CheckResult> probes) {
        public Hypothesis {
            probes = List.copyOf(probes);
        }
    }

    /** One method action: the fault it recorded (absent when the call failed) and when its effect was seen. */
    public record Step(String action, String on, double startSeconds, double seconds, Optional<Fault> fault, String effect,
            Optional<String> error) {
    }

    /** One rollback: the calls it made and what it found already as it should be. */
    public record Rollback(String action, double startSeconds, double seconds, boolean ok, List<String> done,
            List<String> unchanged, Optional<String> error) {
        public Rollback {
            done = List.copyOf(done);
            unchanged = List.copyOf(unchanged);
        }
    }

    /** One line of the timeline. */
    public record Event(double t, String phase, String what) {
    }

    /** 0 completed; 1 deviated, refused, failed or aborted. */
    public int exitCode() {
        return status == Outcome.COMPLETED ? 0 : 1;
    }
}
