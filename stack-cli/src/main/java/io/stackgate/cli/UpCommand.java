package io.stackgate.cli;

import io.stackgate.aws.target.EmulatedTarget;
import io.stackgate.model.Topology;
import io.stackgate.runtime.ExitHook;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.Tier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the stack (a local replica by default; --target emulated: deployed into moto, with the line "
                + "\"aws endpoint: URL\"), print its endpoints, and keep it running until Ctrl-C.",
        footer = {"", "Every process is stopped on Ctrl-C or SIGTERM."})
final class UpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--target", defaultValue = "local", paramLabel = "NAME", description = "a registered target (default: local)")
    String target;

    @Option(names = "--allow-findings", description = "start a topology that has ERROR findings")
    boolean allowFindings;

    @Option(names = "--for", paramLabel = "SECONDS", description = "stop by itself after this many seconds (default: run until Ctrl-C)")
    Long forSeconds;

    @picocli.CommandLine.Mixin
    AwsTargetOptions aws = new AwsTargetOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topologies.load(file);
        Stacks.checkFindings(topology, file.toString(), allowFindings, spec.commandLine().getErr());
        Target env = Stacks.start(topology, target, new TargetOptions(false, aws.settings()), out);
        CountDownLatch stopped = new CountDownLatch(1);
        ExitHook hook = ExitHook.register("stackgate-up-stop", () -> {
            env.close();
            stopped.countDown();
        });
        out.println();
        env.capabilities().find(Balancer.class).ifPresent(b -> out.println("Grafana's datasource: " + b.datasource()));
        env.capabilities().find(Nodes.class).ifPresent(nodes -> {
            for (Tier tier : Tier.values()) {
                for (Node n : nodes.nodes(tier)) {
                    out.printf("  %-16s %s%n", n.id(), n.url());
                }
                nodes.unavailable(tier).filter(r -> tier == Tier.GRAFANA)
                        .ifPresent(r -> out.println("  grafana          not started: " + r));
            }
        });
        if (env instanceof EmulatedTarget emulated) {
            // the line inspect --endpoint / the live target take (DESIGN.md, "AWS layer")
            out.println("aws endpoint: " + emulated.endpoint());
            out.println("webhook receiver: notifications are recorded by this process");
            out.println("working directory: " + emulated.workDir());
        }
        if (env instanceof LocalTarget local) {
            out.println("webhook receiver: notifications are recorded by this process");
            out.println("working directory: " + local.workDir());
        }
        out.println(forSeconds == null ? "running; press Ctrl-C to stop everything" : "running for " + forSeconds + " s");
        out.flush();
        if (forSeconds != null) {
            stopped.await(Duration.ofSeconds(forSeconds).toMillis(), TimeUnit.MILLISECONDS);
            hook.cancel();
            env.close();
            out.println("stopped");
            return 0;
        }
        stopped.await();
        return 0;
    }
}
