package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.BundleWriter;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the config bundle (Terraform inputs, Ansible inputs, node configs) for a topology.",
        footer = {"", "The bundle replaces DIR in one step; on any failure DIR is left as it was.",
            "Exit codes: 0 written, 1 ERROR findings (nothing written), 2 unusable input or DIR."})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "bundle directory (new, empty, or a previous bundle)")
    Path out;

    @Option(names = "--allow-findings", description = "write the bundle even when the topology has ERROR findings")
    boolean allowFindings;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Topology topology = Topologies.load(file);
        List<Finding> findings = Validator.withDiscoveredRules().validate(topology);
        if (Validator.hasErrors(findings) && !allowFindings) {
            FindingsPrinter.text(stderr, file.toString(), findings);
            stderr.println("error: not generating: the topology has ERROR findings (fix them, or pass --allow-findings)");
            return Main.EXIT_FINDINGS;
        }
        Bundle bundle = Bundles.render(topology);
        try {
            new BundleWriter().write(bundle, out);
        } catch (BundleWriter.RefusedException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage() + " (nothing was changed)");
        }
        stdout.println("wrote " + bundle.files().size() + " files to " + out
                + (findings.isEmpty() ? "" : " (" + findings.size() + " findings; run validate to see them)"));
        return 0;
    }
}
