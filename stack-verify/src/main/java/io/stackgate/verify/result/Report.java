package io.stackgate.verify.result;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one verification run.
 *
 * @param topology the topology's name
 * @param source the topology file (or "builder")
 * @param target local | docker | live
 * @param startedAt ISO-8601 start time
 * @param totalSeconds wall time of the whole run, environment start included
 * @param checks every check, in the order it ran
 * @param timelines load timelines of the fault checks
 * @param figures named measurements (time_to_ready_s, failover_eject_s, rejoin_s, …)
 */
public record Report(String topology, String source, String target, String startedAt, double totalSeconds,
        List<CheckResult> checks, List<Timeline> timelines, Map<String, Double> figures) {
    public Report {
        checks = List.copyOf(checks);
        timelines = List.copyOf(timelines);
        figures = Map.copyOf(figures);
    }

    public long count(Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** True when no check FAILED (SKIPPED checks do not make a run fail, nor pass). */
    public boolean passed() {
        return count(Status.FAILED) == 0;
    }
}
