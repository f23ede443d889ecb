package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import io.stackgate.verify.env.EnvironmentStartException;
import io.stackgate.verify.env.LocalEnvironment;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.runtime.MissingBinaryException;
import io.stackgate.verify.runtime.Binaries;
import java.io.PrintWriter;
import java.util.List;

/** Starting a local replica from the CLI, with the messages a user needs when it cannot start. */
final class LocalStacks {
    private LocalStacks() {
    }

    /** Refuses a topology with ERROR findings unless the user allowed them. */
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

    static LocalEnvironment start(Topology t, PrintWriter out, boolean keep) {
        out.printf("starting a local replica of %s: %d Prometheus, %d Alertmanagers, %d exporters, HAProxy%s%n",
                t.name(), t.prometheus().replicas(), t.alertmanager().replicas(),
                t.prometheus().scrapeJobs().stream().mapToInt(j -> j.ec2Discovery() != null
                        ? t.availabilityZones().size() : j.staticTargets().size()).sum(),
                t.prometheus().federation().mode().yamlName().equals("global") ? ", a global Prometheus" : "");
        out.flush();
        try {
            LocalEnvironment env = LocalEnvironment.start(t, new Binaries(), keep);
            out.printf("ready in %.2f s%s%n", env.figures().get("time_to_ready_s"),
                    env.unavailable(Tier.GRAFANA).map(r -> " (Grafana not started: no grafana-server binary)").orElse(""));
            return env;
        } catch (MissingBinaryException e) {
            throw new UserError(e.getMessage());
        } catch (EnvironmentStartException e) {
            throw new UserError("the local replica did not start: " + e.getMessage());
        }
    }

    /** ERROR findings: exit 1, like validate. */
    static final class FindingsError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FindingsError(String message) {
            super(message);
        }
    }
}
