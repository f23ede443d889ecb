package io.stackgate.verify.check;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a verify run must show beyond "nothing failed": named checks that must PASS ({@code --require})
 * or every check ({@code --strict}). A SKIPPED check proves nothing, so it does not meet a gate.
 */
public record Gate(List<String> required, boolean strict) {
    public Gate {
        required = List.copyOf(required);
    }

    /**
     * A gate over {@code checks}.
     *
     * @throws IllegalArgumentException when {@code required} names a check that is not among them (the
     *     message lists the known ones)
     */
    public static Gate of(List<String> required, boolean strict, List<Check> checks) {
        Set<String> known = checks.stream().map(Check::name).collect(Collectors.toCollection(TreeSet::new));
        List<String> unknown = required.stream().filter(r -> !known.contains(r)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("required checks " + unknown + " are unknown; the checks are " + known);
        }
        return new Gate(required, strict);
    }

    /** Whether the gate asks for anything beyond "nothing failed". */
    public boolean demanding() {
        return strict || !required.isEmpty();
    }

    /** One line per check that the gate needed to PASS and that did not (empty: the gate holds). */
    public List<String> unmet(Report report) {
        List<String> out = new ArrayList<>();
        for (CheckResult r : report.checks()) {
            boolean needed = strict || required.contains(r.name());
            if (needed && r.status() != Status.PASSED) {
                out.add(r.name() + " was " + r.status() + (strict ? " (--strict)" : " (--require)") + ": " + r.detail());
            }
        }
        for (String name : required) {
            Optional<CheckResult> ran = report.checks().stream().filter(c -> c.name().equals(name)).findFirst();
            if (ran.isEmpty()) {
                out.add(name + " did not run (--require)");
            }
        }
        return out;
    }
}
