package io.stackgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Renderer;
import io.stackgate.model.validate.Validator;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.runtime.NodeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the performance figures (load, render, time to ready, a full verify with faults, "
                + "failover, heap) and print them as JSON.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "topology YAML file")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "write the JSON here instead of stdout")
    Path outFile;

    @Option(names = "--allow-findings", description = "bench a topology that has ERROR findings")
    boolean allowFindings;

    @Option(names = "--target", defaultValue = "local", paramLabel = "NAME",
            description = "the target to verify on: local (default) or emulated; the figures of a target other than "
                    + "local carry its name as a prefix (emulated_verify_total_s, emulated_time_to_ready_s, ...)")
    String target;

    @picocli.CommandLine.Mixin
    AwsTargetOptions aws = new AwsTargetOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Stacks.provider(target);
        String prefix = "local".equals(target) ? "" : target + "_";
        Map<String, Object> figures = new TreeMap<>();
        long t0 = System.nanoTime();
        Topology topology = Topologies.load(file);
        figures.put("load_ms", ms(t0));
        long t1 = System.nanoTime();
        Validator.withDiscoveredRules().validate(topology);
        figures.put("validate_ms", ms(t1));
        long t2 = System.nanoTime();
        int files = new Renderer().render(topology).files().size();
        figures.put("render_ms", ms(t2));
        figures.put("render_files", files);
        Stacks.checkFindings(topology, file.toString(), allowFindings, err);
        Report report = VerifyCommand.run(topology, file.toString(), target, err,
                new io.stackgate.verify.target.TargetOptions(false, aws.settings()));
        report.figures().forEach((k, v) -> figures.put(k.startsWith(prefix) ? k : prefix + k, round(v)));
        figures.put("target", target);
        // the names the truthful-failover contract gives the headline figures, beside the checks' own
        alias(figures, prefix + "failover_error_window_real_s", prefix + "failover_error_window_aws_s");
        alias(figures, prefix + "failover_latency_p99_ms", prefix + "failover_p99_ms");
        figures.put("checks_passed", report.count(Status.PASSED));
        figures.put("checks_failed", report.count(Status.FAILED));
        figures.put("checks_skipped", report.count(Status.SKIPPED));
        figures.put("processes_left_running", NodeProcess.liveCount());
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        figures.put("heap_after_verify_mb", round(heap.getUsed() / (1024.0 * 1024)));
        figures.put("topology", topology.name());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.valueToTree(figures);
        String text = json.writeValueAsString(root) + "\n";
        if (outFile != null) {
            try {
                Path tmp = Files.createTempFile(outFile.toAbsolutePath().getParent(), ".bench", ".json");
                Files.writeString(tmp, text);
                Files.move(tmp, outFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UserError("cannot write " + outFile + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("wrote " + outFile);
        } else {
            spec.commandLine().getOut().print(text);
        }
        return report.passed() ? 0 : Main.EXIT_FINDINGS;
    }

    private static double ms(long start) {
        return round((System.nanoTime() - start) / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void alias(Map<String, Object> figures, String from, String to) {
        if (figures.containsKey(from)) {
            figures.put(to, figures.get(from));
        }
    }
}
