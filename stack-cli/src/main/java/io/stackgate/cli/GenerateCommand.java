package io.stackgate.cli;

import io.stackgate.aws.chaos.FisTemplates;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.BundleWriter;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write the config bundle (Terraform inputs, Ansible inputs, node configs) for a topology.",
        footer = {"", "The bundle replaces DIR in one step; on any failure DIR is left as it was.",
            "DIR/chaos/<experiment>.json: AWS FIS experiment templates of `stackgate chaos`'s experiments "
                + "(terminate-prometheus, terminate-alertmanager, stop-az), each valid input of "
                + "`aws fis create-experiment-template --cli-input-json`; DIR/chaos/README.md says how to create them "
                + "(terraform/modules/fis does it too). Without --fis-role-arn the role is "
                + "arn:aws:iam::$${AWS_ACCOUNT_ID}:role/<name>-fis, left for envsubst.",
            "Exit codes: 0 written, 1 ERROR findings (nothing written), 2 unusable input or DIR."})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "bundle directory (new, empty, or a previous bundle)")
    Path out;

    @Option(names = "--allow-findings", description = "write the bundle even when the topology has ERROR findings")
    boolean allowFindings;

    @Option(names = "--fis-role-arn", paramLabel = "ARN", description = "the IAM role the FIS templates run as")
    String fisRoleArn;

    @Option(names = "--fis-stop-alarm-arn", paramLabel = "ARN",
            description = "a CloudWatch alarm that stops the FIS experiments (default: no stop condition)")
    String fisStopAlarmArn;

    @Option(names = "--fis-zone", paramLabel = "AZ", description = "the AZ the FIS stop-az stops (default: the topology's first)")
    String fisZone;

    @Option(names = "--fis-hold-minutes", paramLabel = "N", defaultValue = "5",
            description = "how long the FIS stop-az keeps the zone down, 1 to 720 (default: ${DEFAULT-VALUE})")
    int fisHoldMinutes;

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
        Bundle bundle;
        try {
            bundle = Bundles.render(topology).plus(new FisTemplates().render(topology, new FisTemplates.Options(
                    Optional.ofNullable(fisRoleArn), Optional.ofNullable(fisStopAlarmArn), Optional.ofNullable(fisZone),
                    fisHoldMinutes)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
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
