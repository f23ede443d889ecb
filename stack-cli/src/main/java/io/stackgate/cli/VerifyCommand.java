package io.stackgate.cli;

import io.stackgate.aws.check.AwsChecks;
import io.stackgate.model.Topology;
import io.stackgate.verify.check.Gate;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.report.ReportWriter;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
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
            "1 a check failed, a --require'd check did not pass (or every check with --strict), or ERROR findings,",
            "2 unusable input or a missing binary."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--target", defaultValue = "local", paramLabel = "NAME",
            description = "a registered target: local (default), emulated (the stack deployed into moto, every instance a "
                    + "real binary), or one a module on the class path adds")
    String target;

    @Option(names = "--require", split = ",", paramLabel = "CHECK",
            description = "these checks must PASS (SKIPPED fails the run too): a gate that says what must actually run")
    java.util.List<String> required = java.util.List.of();

    @Option(names = "--strict", description = "every check must PASS: any SKIPPED check fails the run")
    boolean strict;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "stackgate-report",
            description = "where report.json and index.html go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--allow-findings", description = "run a topology that has ERROR findings (to see them fail)")
    boolean allowFindings;

    @Option(names = "--keep", description = "keep the local replica's working directory (bundle, data, logs)")
    boolean keep;

    @picocli.CommandLine.Mixin
    AwsTargetOptions aws = new AwsTargetOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topology topology = Topologies.load(file);
        Stacks.provider(target);
        Gate gate;
        try {
            gate = Gate.of(required, strict, checks());
        } catch (IllegalArgumentException e) {
            throw new UserError("--require: " + e.getMessage());
        }
        Stacks.checkFindings(topology, file.toString(), allowFindings, err);
        Report report = run(topology, file.toString(), target, out, new TargetOptions(keep, aws.settings()));
        printTable(out, report);
        java.util.List<String> unmet = gate.unmet(report);
        unmet.forEach(u -> out.println("gate: " + u));
        try {
            new ReportWriter().write(report, reportDir);
            out.println("report: " + reportDir.resolve("index.html").toAbsolutePath() + " (and report.json)");
        } catch (IOException e) {
            throw new UserError("cannot write the report to " + reportDir + ": " + e.getMessage());
        }
        return report.passed() && unmet.isEmpty() ? 0 : Main.EXIT_FINDINGS;
    }

    /** Starts the target, runs every check with progress lines, stops everything. */
    static Report run(Topology topology, String source, String targetName, PrintWriter out, boolean keep) {
        return run(topology, source, targetName, out, TargetOptions.defaults().keepingWorkDir(keep));
    }

    static Report run(Topology topology, String source, String targetName, PrintWriter out, TargetOptions options) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        boolean keep = options.keepWorkDir();
        try (Target env = Stacks.start(topology, targetName, options, out)) {
            if (keep && env instanceof LocalTarget local) {
                out.println("working directory (kept): " + local.workDir());
            }
            double setup = (System.nanoTime() - t0) / 1e9;
            boolean tty = System.console() != null;
            return new Verifier(checks()).run(env, source, started, setup, new Verifier.Listener() {
                private final java.util.Set<String> running = new java.util.LinkedHashSet<>();

                @Override
                public void started(String check) {
                    running.add(check);
                    showRunning();
                }

                @Override
                public void finished(CheckResult r) {
                    running.remove(r.name());
                    out.printf(Locale.ROOT, "%s  %-22s %-7s %6.2f s%n", tty ? "\r\033[K" : "", r.name(), r.status(),
                            r.seconds());
                    showRunning();
                }

                /** On a terminal, the checks running now on one line that the next result overwrites. */
                private void showRunning() {
                    if (tty && !running.isEmpty()) {
                        out.print("\r\033[K  running " + String.join(", ", running) + " …");
                    }
                    out.flush();
                }
            });
        }
    }

    /** The built-in checks and the AWS ones (SKIPPED on a target without the AWS stack capability). */
    static java.util.List<io.stackgate.verify.check.Check> checks() {
        return AwsChecks.among(Verifier.builtIn());
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
