package io.stackgate.aws.chaos;

import io.stackgate.aws.chaos.Journal.Rollback;
import io.stackgate.aws.chaos.Journal.Step;
import io.stackgate.verify.report.ReportWriter;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chaos run in the report directory: {@code journal.json} ({@link JournalJson}) beside
 * {@code report.json} and {@code index.html} of stack-verify's {@link ReportWriter}, into which the
 * journal is mapped as results: {@code before/<probe>}, {@code method/<action>},
 * {@code after/<probe>}, {@code rollback/<action>} and {@code experiment/<name>}, whose evidence is
 * the timeline. A method step or rollback that failed is FAILED; the experiment result is PASSED
 * only when the run COMPLETED.
 */
public final class ChaosReport {
    static final String JOURNAL = "journal.json";

    private ChaosReport() {
    }

    /** The journal as a verification report. */
    public static Report toReport(Journal j) {
        List<CheckResult> results = new ArrayList<>();
        if (j.before() != null) {
            j.before().probes().forEach(p -> results.add(rename("before/", p)));
        }
        for (Step s : j.method()) {
            List<String> evidence = new ArrayList<>();
            s.fault().ifPresent(f -> {
                evidence.add("fault " + f.action() + " in " + f.zone() + " on " + f.instanceIds() + " at " + f.at());
                new TreeMap<>(f.details()).forEach((k, v) -> evidence.add(k + ": " + v));
            });
            if (!s.effect().isEmpty()) {
                evidence.add("effect: " + s.effect());
            }
            results.add(new CheckResult("method/" + s.action(), s.error().isPresent() ? Status.FAILED : Status.PASSED,
                    s.seconds(), s.error().orElse(s.action() + " " + s.on() + " done"), evidence));
        }
        j.after().ifPresent(a -> a.probes().forEach(p -> results.add(rename("after/", p))));
        for (Rollback r : j.rollbacks()) {
            List<String> evidence = new ArrayList<>(r.done());
            r.unchanged().forEach(u -> evidence.add("unchanged: " + u));
            results.add(new CheckResult("rollback/" + r.action(), r.ok() ? Status.PASSED : Status.FAILED, r.seconds(),
                    r.error().orElse(r.done().isEmpty() ? "nothing to undo" : String.join("; ", r.done())), evidence));
        }
        List<String> timeline = j.timeline().stream()
                .map(e -> String.format(Locale.ROOT, "%+9.3f s  %-18s %s", e.t(), e.phase(), e.what())).toList();
        results.add(new CheckResult("experiment/" + j.plan().experiment().id(),
                j.status() == Journal.Outcome.COMPLETED ? Status.PASSED : Status.FAILED, j.seconds(),
                j.status().id() + ": " + j.reason(), timeline));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("chaos_total_s", j.seconds());
        figures.put("chaos_method_s", j.method().stream().mapToDouble(Step::seconds).sum());
        j.after().ifPresent(a -> figures.put("chaos_hypothesis_after_s", a.seconds()));
        figures.put("chaos_rollback_s", j.rollbacks().stream().mapToDouble(Rollback::seconds).sum());
        return new Report(j.plan().stack(), j.source(), j.target(), j.startedAt(), j.seconds(), results, List.of(), figures);
    }

    /**
     * Writes {@code report.json}, {@code index.html} and {@code journal.json} into {@code dir}; each
     * file replaces its predecessor in one rename, none is left partial.
     *
     * @throws IOException when {@code dir} cannot be created or written
     */
    public static void write(Journal j, Path dir) throws IOException {
        new ReportWriter().write(toReport(j), dir);
        Path temp = Files.createTempFile(dir, "." + JOURNAL + ".", ".tmp");
        try {
            Files.write(temp, JournalJson.render(j));
            try {
                Files.move(temp, dir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(JOURNAL), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static CheckResult rename(String prefix, CheckResult r) {
        return new CheckResult(prefix + r.name(), r.status(), r.seconds(), r.detail(), r.evidence());
    }
}
