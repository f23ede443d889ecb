package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import io.stackgate.runtime.MissingBinaryException;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.TargetProvider;
import io.stackgate.verify.target.TargetStartException;
import io.stackgate.verify.target.Targets;
import io.stackgate.verify.target.Tier;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Starting a target from the CLI, with the messages a user needs when it cannot start. */
final class Stacks {
    private Stacks() {
    }

    /**
     * Refuses a topology with ERROR findings unless the user allowed them: prints them and throws
     * {@link FindingsError}, which {@link Main} turns into exit 1.
     */
    static void checkFindings(Topology t, String file, boolean allow, PrintWriter err) {
        List<Finding> findings = Validator.withDiscoveredRules().validate(t);
        if (Validator.hasErrors(findings)) {
            if (!allow) {
                FindingsPrinter.text(err, file, findings);
                throw new FindingsError("the topology has ERROR findings (fix them, or pass --allow-findings to run it anyway)");
            }
            err.println("warning: running a topology with ERROR findings (--allow-findings): "
                    + findings.stream().filter(Finding::isError).map(Finding::code).distinct().toList());
        }
    }

    /** The registered target named {@code name}, or a user error that lists the known ones. */
    static TargetProvider provider(String name) {
        try {
            return Targets.require(name);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Target start(Topology t, String targetName, TargetOptions options, PrintWriter out) {
        TargetProvider provider = provider(targetName);
        out.printf("starting the %s target (%s) of %s …%n", provider.name(), provider.description(), t.name());
        out.flush();
        try {
            Target target = provider.start(t, options);
            out.printf(Locale.ROOT, "ready in %.2f s: %s%n", target.figures().getOrDefault("time_to_ready_s", Double.NaN),
                    summary(target));
            return target;
        } catch (MissingBinaryException | io.stackgate.aws.emulator.EmulatorException e) {
            throw new UserError(e.getMessage());
        } catch (TargetStartException e) {
            throw new UserError("the " + provider.name() + " target did not start: " + e.getMessage());
        }
    }

    /** "2 prometheus, 3 alertmanager, …" as the target runs them, with the tiers that do not run and why. */
    static String summary(Target target) {
        return target.capabilities().find(Nodes.class).map(nodes -> {
            String running = List.of(Tier.values()).stream().filter(tier -> !nodes.nodes(tier).isEmpty())
                    .map(tier -> nodes.nodes(tier).size() + " " + tier.prefix()).collect(Collectors.joining(", "));
            String missing = nodes.unavailable(Tier.GRAFANA).map(r -> " (Grafana not started: " + r + ")").orElse("");
            return running + missing;
        }).orElse("no node view on this target");
    }

    /** ERROR findings: exit 1, like validate. */
    static final class FindingsError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FindingsError(String message) {
            super(message);
        }
    }
}
