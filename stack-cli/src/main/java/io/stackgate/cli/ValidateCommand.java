package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Load a topology and name its HA and security mistakes.",
        footer = {"", "Exit codes: 0 no ERROR findings, 1 ERROR findings, 2 the file is unusable."})
final class ValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Topology topology = Topologies.load(file);
        List<Finding> findings = Validator.withDiscoveredRules().validate(topology);
        if (format == Format.json) {
            FindingsPrinter.json(spec.commandLine().getOut(), findings);
        } else {
            FindingsPrinter.text(spec.commandLine().getOut(), file.toString(), findings);
        }
        return Validator.hasErrors(findings) ? Main.EXIT_FINDINGS : 0;
    }
}
