package io.stackgate.cli;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.AwsApi;
import io.stackgate.aws.chaos.AwsStackTarget;
import io.stackgate.aws.chaos.ChaosPlan;
import io.stackgate.aws.chaos.ChaosReport;
import io.stackgate.aws.chaos.ChaosRunner;
import io.stackgate.aws.chaos.Experiment;
import io.stackgate.aws.chaos.Hypotheses;
import io.stackgate.aws.chaos.Journal;
import io.stackgate.aws.chaos.Planner;
import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.deploy.Deployment;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.emulator.EmulatorException;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.fault.FaultRefusedException;
import io.stackgate.model.Topology;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one chaos experiment against a deployed stack through the AWS API, in the Chaos Toolkit shape: "
                + "steady-state hypothesis -> method -> hypothesis again -> rollbacks.",
            "",
            "Experiments:",
            "  terminate-prometheus    TerminateInstanceInAutoScalingGroup on one Prometheus instance (capacity kept): the "
                + "group's replacement must become InService and healthy in time, the stack keep serving and conform.",
            "  terminate-alertmanager  the same for one Alertmanager instance.",
            "  stop-az                 StopInstances on every running stack instance of one AZ (--zone, default the "
                + "topology's first): every tier must still be served from the other AZs. Rollback: StartInstances.",
            "  deregister-target       DeregisterTargets of one Prometheus instance from its target group(s): the internal "
                + "balancer must keep a healthy target. Rollback: RegisterTargets.",
            "",
            "The hypothesis: the read-only checks (ready, shared-config, datasource, replica-labels) when the target "
                + "runs nodes, and the AWS probes stack-serving (every tier has a running InService instance and every "
                + "target group a healthy target), stack-healthy (every group at its desired capacity, InService, Healthy "
                + "and healthy in its target groups; after a terminate it waits up to --recovery) and conformance "
                + "(`stackgate inspect` finds nothing). While a stop-az or deregister-target fault is held only "
                + "stack-serving and datasource apply.",
            "",
            "Guarantees: only resources tagged Stack=<name> are touched, at most one AZ; nothing is touched when the "
                + "hypothesis does not hold first; the rollbacks run always: after the method, after a failure, and on "
                + "SIGTERM or Ctrl-C; --dry-run prints the plan (instances by id, IP and AZ, groups, target groups) and "
                + "touches nothing; --target live asks for --yes."},
        footer = {"", "--target emulated: the stack in an AWS emulator: a registered emulated target when one is on the "
                + "class path, else the emulator at --endpoint (for example the one `stackgate up --target emulated` "
                + "prints), else a moto server this command starts, deploys the topology into and stops afterwards.",
            "--target live: the account of the SDK's default credential chain (--region, --endpoint apply).",
            "Written to --report DIR: journal.json (the Chaos Toolkit journal: experiment, steady_states.before/after "
                + "with every probe, run with every Fault record and timing, rollbacks, timeline, status), report.json "
                + "and index.html (the same run as results, the timeline as the experiment's evidence).",
            "", "Exit codes: 0 the hypothesis held after the method, 1 it deviated, the run was refused (hypothesis not "
                + "met first, nothing to act on) or a step failed, 2 unusable input (bad file, unknown experiment, live "
                + "without --yes, unreachable endpoint, no resource of the stack found)."})
final class ChaosCommand implements Callable<Integer> {
    enum TargetName { emulated, live }

    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--target", required = true, description = "emulated or live")
    TargetName target;

    @Option(names = "--experiment", required = true, paramLabel = "NAME",
            description = "terminate-prometheus, terminate-alertmanager, stop-az or deregister-target")
    String experimentName;

    @Option(names = "--zone", paramLabel = "AZ", description = "the AZ stop-az stops (default: the topology's first)")
    String zone;

    @Option(names = "--dry-run", description = "print the plan and touch nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "really inject the fault on --target live")
    boolean yes;

    @Option(names = "--endpoint", paramLabel = "URL", description = "AWS API endpoint override, e.g. http://127.0.0.1:5000")
    URI endpoint;

    @Option(names = "--region", paramLabel = "R", description = "AWS region (default: the topology's region)")
    String region;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "stackgate-chaos",
            description = "where journal.json, report.json and index.html go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--pause-after", paramLabel = "SECONDS", defaultValue = "0",
            description = "hold the fault this long before probing the hypothesis again (default: ${DEFAULT-VALUE})")
    long pauseAfterSeconds;

    @Option(names = "--recovery", paramLabel = "SECONDS",
            description = "how long stack-healthy waits for a replacement after a terminate (default: 60 emulated, 900 live)")
    Long recoverySeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Experiment experiment = Experiment.byId(experimentName).orElseThrow(() -> new UserError("unknown experiment "
                + experimentName + "; known: " + Experiment.ids()));
        if (pauseAfterSeconds < 0 || (recoverySeconds != null && recoverySeconds <= 0)) {
            throw new UserError("--pause-after must be >= 0 and --recovery > 0 seconds");
        }
        Topology topology = Topologies.load(file);
        if (zone != null && !topology.availabilityZones().contains(zone)) {
            throw new UserError("--zone " + zone + " is not one of the topology's availability zones "
                    + topology.availabilityZones());
        }
        if (target == TargetName.live && !dryRun && !yes) {
            throw new UserError("--target live injects real faults into the account's stack " + topology.name()
                    + ": run with --dry-run to see the plan, then again with --yes");
        }
        boolean live = target == TargetName.live;
        try {
            Target env = open(topology, out, err);
            ChaosPlan plan = plan(env, topology, experiment);
            plan.describe().forEach(out::println);
            if (dryRun) {
                out.println("dry run: nothing was touched");
                return 0;
            }
            Duration recovery = Duration.ofSeconds(recoverySeconds != null ? recoverySeconds : live ? 900 : 60);
            ChaosRunner runner = new ChaosRunner(new ChaosRunner.Settings(Duration.ofSeconds(pauseAfterSeconds),
                    live ? Duration.ofMinutes(5) : Duration.ofSeconds(30)));
            Journal journal = runner.run(env, file.toString(), plan, Hypotheses.before(Duration.ofSeconds(live ? 60 : 30)),
                    Hypotheses.after(experiment, recovery), line -> {
                        out.println(line);
                        out.flush();
                    }, j -> write(j, out, err));
            out.println(journal.status().id() + ": " + journal.reason());
            return journal.exitCode();
        } catch (FaultRefusedException e) {
            err.println("refused: " + e.getMessage());
            return Main.EXIT_FINDINGS;
        } catch (SdkException e) {
            throw new UserError("cannot reach the stack at " + (endpoint != null ? endpoint : "AWS " + region(topology)) + ": "
                    + e.getMessage() + "; check --endpoint, --region and the credentials");
        } catch (EmulatorException e) {
            throw new UserError(e.getMessage());
        } finally {
            closeAll();
        }
    }

    /** A registered target of the name when one exists (and no --endpoint points elsewhere), else the AWS API view. */
    private Target open(Topology topology, PrintWriter out, PrintWriter err) {
        String r = region(topology);
        boolean registered = Targets.find(target.name()).isPresent() && (target == TargetName.live || endpoint == null);
        if (registered) {
            Map<String, String> settings = new java.util.TreeMap<>();
            settings.put("region", r);
            if (endpoint != null) {
                settings.put("endpoint", endpoint.toString());
            }
            Target t = Stacks.start(topology, target.name(), new TargetOptions(false, settings), out);
            opened.add(0, t);
            if (t instanceof io.stackgate.aws.target.EmulatedTarget emulated) {
                // where the experiment's emulator runs, as inspect and the endpoint path print it
                err.printf("emulated: moto at %s, the stack deployed and every instance backed by its binary%n",
                        emulated.endpoint());
            }
            for (Class<? extends io.stackgate.verify.target.Capability> needed : List.of(ControlPlane.class, AwsApi.class)) {
                t.capabilities().missing(needed).ifPresent(why -> {
                    throw new UserError("the " + target + " target cannot run chaos: " + why);
                });
            }
            return t;
        }
        AwsClients aws;
        if (target == TargetName.live) {
            aws = AwsClients.of(AwsConnection.live(r, Optional.ofNullable(endpoint)));
            opened.add(0, aws);
        } else if (endpoint != null) {
            aws = AwsClients.of(AwsConnection.emulator(r, endpoint));
            opened.add(0, aws);
        } else {
            MotoServer moto = MotoServer.start();
            opened.add(0, moto);
            aws = AwsClients.of(AwsConnection.emulator(r, moto.endpoint()));
            opened.add(0, aws);
            Deployment d = new Deployer(aws).deploy(topology, new DeployOptions(EmulatorImages.linuxImage(aws.ec2())));
            err.printf(java.util.Locale.ROOT, "emulated: moto at %s, deployed %d resources in %.1f s%n", moto.endpoint(),
                    d.resources().size(), d.took().toMillis() / 1000.0);
        }
        if (new StackDiscovery(aws).discover(topology).isEmpty()) {
            throw new UserError("no resource of stack " + topology.name() + " (tag Stack=" + topology.name() + ") found in "
                    + r + " at " + aws.connection().describe() + "; check --region, --endpoint and the credentials");
        }
        return new AwsStackTarget(target.name(), topology, aws);
    }

    private ChaosPlan plan(Target env, Topology topology, Experiment experiment) {
        return new Planner(env.require(AwsApi.class).aws(), topology).plan(experiment, Optional.ofNullable(zone));
    }

    private void write(Journal j, PrintWriter out, PrintWriter err) {
        try {
            ChaosReport.write(j, reportDir);
            out.println("journal: " + reportDir.resolve("journal.json").toAbsolutePath() + " (and report.json, index.html)");
        } catch (IOException e) {
            err.println("error: cannot write the journal to " + reportDir + ": " + e.getMessage());
        }
        out.flush();
    }

    private String region(Topology topology) {
        return region != null ? region : topology.region();
    }

    private void closeAll() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing one must not keep the next (the emulator) running
            }
        }
        opened.clear();
    }
}
