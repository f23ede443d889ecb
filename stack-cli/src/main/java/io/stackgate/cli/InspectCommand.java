package io.stackgate.cli;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.deploy.Deployment;
import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.emulator.EmulatorException;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.inspect.Inspector;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Compare a deployed stack with its topology: the resources tagged Stack=<name> (and named as "
                + "terraform/ names them) in one account and region.",
            "Reports the topology's own codes where the deployed stack has the defect (SEC_EXPORTER_OPEN, "
                + "SEC_SSH_OPEN_WORLD, SEC_IMDSV1, SEC_PUBLIC_PLAINTEXT, HA_SINGLE_AZ, LB_FAILOVER_BUDGET) and DRIFT_* "
                + "where it differs from the topology, each with the AWS resource as its path."},
        footer = {"", "--target live: the SDK's default credential chain; --endpoint points at any AWS-compatible API "
                + "(for example the one `stackgate up --target emulated` prints).",
            "--target emulated with --endpoint: that emulator, with dummy keys. Without --endpoint: starts its own "
                + "moto server, deploys the topology into it, inspects it and stops it (a rehearsal of the deploy: "
                + "it proves the emulated deploy conforms).",
            "", "Exit codes: 0 the stack conforms, 1 findings, 2 unusable input (bad file, unreachable endpoint, "
                + "no credentials, no resource of the stack found)."})
final class InspectCommand implements Callable<Integer> {
    enum Format { text, json }

    enum Target { emulated, live }

    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--target", required = true, description = "emulated or live")
    Target target;

    @Option(names = "--endpoint", paramLabel = "URL", description = "AWS API endpoint override, e.g. http://127.0.0.1:5000")
    URI endpoint;

    @Option(names = "--region", paramLabel = "R", description = "AWS region (default: the topology's region)")
    String region;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Topology topology = Topologies.load(file);
        String r = region != null ? region : topology.region();
        List<Finding> findings;
        if (target == Target.emulated && endpoint == null) {
            findings = rehearse(topology, r);
        } else {
            AwsConnection connection = target == Target.live ? AwsConnection.live(r, Optional.ofNullable(endpoint))
                    : AwsConnection.emulator(r, endpoint);
            try (AwsClients aws = AwsClients.of(connection)) {
                findings = inspect(topology, aws);
            }
        }
        if (format == Format.json) {
            FindingsPrinter.json(spec.commandLine().getOut(), findings);
        } else {
            FindingsPrinter.text(spec.commandLine().getOut(), file + " (" + target + ")", findings);
        }
        return findings.isEmpty() ? 0 : Main.EXIT_FINDINGS;
    }

    private List<Finding> rehearse(Topology topology, String r) {
        try (MotoServer moto = MotoServer.start();
                AwsClients aws = AwsClients.of(AwsConnection.emulator(r, moto.endpoint()))) {
            Deployment d = new Deployer(aws).deploy(topology, new DeployOptions(EmulatorImages.linuxImage(aws.ec2())));
            spec.commandLine().getErr().printf("emulated: moto at %s, deployed %d resources in %.1f s%n", moto.endpoint(),
                    d.resources().size(), d.took().toMillis() / 1000.0);
            return inspect(topology, aws);
        } catch (EmulatorException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static List<Finding> inspect(Topology topology, AwsClients aws) {
        String where = aws.connection().describe();
        try {
            DiscoveredStack stack = new StackDiscovery(aws).discover(topology);
            if (stack.isEmpty()) {
                throw new UserError("no resource of stack " + topology.name() + " (tag Stack=" + topology.name()
                        + ") found in " + aws.connection().region().id() + " at " + where
                        + "; check --region, --endpoint and which account the credentials belong to");
            }
            return new Inspector().inspect(topology, new StackNames(topology.name(), aws.accountId(), aws.connection().region().id()), stack);
        } catch (SdkException e) {
            throw new UserError("cannot read the stack from " + where + ": " + e.getMessage()
                    + "; check --endpoint, --region and the credentials");
        }
    }
}
