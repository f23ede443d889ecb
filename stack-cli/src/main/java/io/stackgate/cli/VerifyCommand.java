package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.verify.check.CheckResult;
import io.stackgate.verify.check.Status;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.env.LocalEnvironment;
import io.stackgate.verify.report.Report;
import io.stackgate.verify.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Start the stack (a local replica of real binaries by default), run every HA check, "
                + "print a table and write report.json + index.html.",
        footer = {"", "Exit codes: 0 no check failed (SKIPPED checks are listed, not counted as passed),",
            "1 a check failed or ERROR findings, 2 unusable input or a missing binary."})
final class VerifyCommand implements Callable<Integer> {
    enum Target { local, docker, live }

    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--target", defaultValue = "local", description = "local, docker or live (default: ${DEFAULT-VALUE})")
    Target target;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "stackgate-report",
            description = "where report.json and index.html go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--allow-findings", description = "run a topology that has ERROR findings (to see them fail)")
    boolean allowFindings;

    @Option(names = "--keep", description = "keep the local replica's working directory (bundle, data, logs)")
    boolean keep;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topology topology = Topologies.load(file);
        Targets.requireLocal(target.name());
        try {
            LocalStacks.checkFindings(topology, file.toString(), allowFindings, err);
        } catch (LocalStacks.FindingsError e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_FINDINGS;
        }
        Report report = run(topology, file.toString(), out, keep);
        printTable(out, report);
        try {
            new ReportWriter().write(report, reportDir);
            out.println("report: " + reportDir.resolve("index.html").toAbsolutePath() + " (and report.json)");
        } catch (IOException e) {
            throw new UserError("cannot write the report to " + reportDir + ": " + e.getMessage());
        }
        return report.passed() ? 0 : Main.EXIT_FINDINGS;
    }

    /** Starts the local replica, runs every check with progress lines, stops everything. */
    static Report run(Topology topology, String source, PrintWriter out, boolean keep) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        try (LocalEnvironment env = LocalStacks.start(topology, out, keep)) {
            if (keep) {
                out.println("working directory (kept): " + env.workDir());
            }
            double setup = (System.nanoTime() - t0) / 1e9;
            boolean tty = System.console() != null;
            return new Verifier(Verifier.builtIn()).run(env, source, started, setup, new Verifier.Listener() {
                @Override
                public void started(String check) {
                    if (tty) {
                        out.printf("  %-22s running …", check);
                        out.flush();
                    }
                }

                @Override
                public void finished(CheckResult r) {
                    out.printf(Locale.ROOT, "%s  %-22s %-7s %6.2f s%n", tty ? "\r\033[K" : "", r.name(), r.status(),
                            r.seconds());
                    out.flush();
                }
            });
        }
    }

    static void printTable(PrintWriter out, Report report) {
        out.println();
        out.printf("%-22s %-8s %8s  %s%n", "CHECK", "STATUS", "SECONDS", "DETAIL");
        for (CheckResult r : report.checks()) {
            out.printf(Locale.ROOT, "%-22s %-8s %8.2f  %s%n", r.name(), r.status(), r.seconds(), r.detail());
            if (r.status() == Status.FAILED) {
                r.evidence().stream().limit(12).forEach(e -> out.println("    " + e.replace("\n", "\n    ")));
            }
        }
        out.printf(Locale.ROOT, "%n%s: %d passed, %d failed, %d skipped (skipped checks were not verified) in %.1f s%n",
                report.passed() ? "PASSED" : "FAILED", report.count(Status.PASSED), report.count(Status.FAILED),
                report.count(Status.SKIPPED), report.totalSeconds());
    }
}
