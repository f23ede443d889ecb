package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.verify.env.LocalEnvironment;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
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
        description = "Start a local replica of the stack, print its endpoints, and keep it running until Ctrl-C.",
        footer = {"", "Every process is stopped on Ctrl-C or SIGTERM."})
final class UpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--allow-findings", description = "start a topology that has ERROR findings")
    boolean allowFindings;

    @Option(names = "--for", paramLabel = "SECONDS", description = "stop by itself after this many seconds (default: run until Ctrl-C)")
    Long forSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topologies.load(file);
        try {
            LocalStacks.checkFindings(topology, file.toString(), allowFindings, spec.commandLine().getErr());
        } catch (LocalStacks.FindingsError e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Main.EXIT_FINDINGS;
        }
        LocalEnvironment env = LocalStacks.start(topology, out, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            env.close();
            stopped.countDown();
        }, "stackgate-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println();
        out.println("internal load balancer (Grafana's datasource): " + env.prometheusLoadBalancer());
        for (Tier tier : Tier.values()) {
            for (Node n : env.nodes(tier)) {
                out.printf("  %-16s %s%n", n.id(), n.url());
            }
            env.unavailable(tier).filter(r -> tier == Tier.GRAFANA).ifPresent(r -> out.println("  grafana          not started: " + r));
        }
        out.println("webhook receiver: notifications are recorded by this process");
        out.println("working directory: " + env.workDir());
        out.println(forSeconds == null ? "running; press Ctrl-C to stop everything" : "running for " + forSeconds + " s");
        out.flush();
        if (forSeconds != null) {
            stopped.await(Duration.ofSeconds(forSeconds).toMillis(), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            env.close();
            out.println("stopped");
            return 0;
        }
        stopped.await();
        return 0;
    }
}
