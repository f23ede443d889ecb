package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.aws.emulator.MotoVenv;
import io.stackgate.model.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI on the {@code emulated} target, as a team's CI would drive it: {@code up --target emulated}
 * holding a stack that the real AWS CLI changes and {@code inspect --target live} reads back through the printed
 * endpoint, and a {@code verify --target emulated} killed with SIGTERM midway. Both end with every process the
 * run started gone (moto included) and no working directory left behind.
 */
class EmulatedCliIT {
    private static final Pattern ENDPOINT = Pattern.compile("aws endpoint: (http://127\\.0\\.0\\.1:\\d+)");
    private static final Map<String, String> DUMMY_KEYS = Map.of("AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION", "us-east-1");

    @TempDir
    Path dir;

    /** The jar runs in a temp directory: it finds moto's venv and thanos through STACKGATE_TOOLS. */
    private static Map<String, String> tools() {
        return Map.of("STACKGATE_TOOLS", MotoVenv.require().getParent().toString());
    }

    private static String seed() {
        return Fixtures.examples().resolve("seed-2az.yaml").toString();
    }

    @Test
    void upEmulatedPrintsAnEndpointWhereInspectLiveSeesWhatTheAwsCliChanged() throws Exception {
        Set<String> dirsBefore = emulatedWorkDirs();
        Path log = dir.resolve("up.log");
        Process up = Jar.builder(dir, tools(), "up", seed(), "--target", "emulated")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> started = List.of();
        try {
            String endpoint = Jar.awaitOutput(up, log, ENDPOINT, 180).group(1);
            Jar.awaitOutput(up, log, Pattern.compile("running; press Ctrl-C"), 30);
            started = up.descendants().toList();
            assertThat(started).as("up's processes (moto, the instances' nodes)").isNotEmpty();

            Jar.Result clean = Jar.run(dir, DUMMY_KEYS, 120, "inspect", seed(), "--target", "live", "--endpoint", endpoint,
                    "--format", "json");
            assertThat(clean.exitCode()).as("the untouched stack conforms:\n" + clean.out() + clean.err()).isZero();

            String sg = aws(endpoint, "ec2", "describe-security-groups", "--filters", "Name=tag:Name,Values=obs-grafana",
                    "--query", "SecurityGroups[0].GroupId", "--output", "text").trim();
            assertThat(sg).startsWith("sg-");
            aws(endpoint, "ec2", "authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "9100",
                    "--cidr", "0.0.0.0/0");
            String template = aws(endpoint, "ec2", "describe-launch-templates", "--filters", "Name=tag:Tier,Values=prometheus",
                    "--query", "LaunchTemplates[0].LaunchTemplateId", "--output", "text").trim();
            assertThat(template).startsWith("lt-");
            // the whole latest data with HttpTokens switched: moto ignores --source-version (AWS would copy the rest)
            ObjectNode data = (ObjectNode) new ObjectMapper().readTree(aws(endpoint, "ec2", "describe-launch-template-versions",
                    "--launch-template-id", template, "--versions", "$Latest", "--query",
                    "LaunchTemplateVersions[0].LaunchTemplateData", "--output", "json"));
            data.withObject("/MetadataOptions").put("HttpTokens", "optional");
            aws(endpoint, "ec2", "create-launch-template-version", "--launch-template-id", template,
                    "--launch-template-data", data.toString());

            Jar.Result changed = Jar.run(dir, DUMMY_KEYS, 120, "inspect", seed(), "--target", "live", "--endpoint", endpoint,
                    "--format", "json");
            assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(1);
            Map<String, String> pathByCode = new java.util.TreeMap<>();
            for (JsonNode f : new ObjectMapper().readTree(changed.out()).get("findings")) {
                pathByCode.merge(f.get("code").asText(), f.get("path").asText(), (a, b) -> a + " " + b);
            }
            assertThat(pathByCode).containsOnlyKeys("SEC_EXPORTER_OPEN", "SEC_IMDSV1");
            assertThat(pathByCode.get("SEC_EXPORTER_OPEN")).startsWith("aws:ec2:security-group/" + sg + "/ingress[");
            assertThat(pathByCode.get("SEC_IMDSV1")).contains(template).contains("http-tokens");
        } finally {
            up.destroy(); // SIGTERM, as Ctrl-C in CI would
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up exited after SIGTERM:\n" + Files.readString(log)).isTrue();
        }
        assertThat(alive(started)).as("processes up started, alive after it stopped").isEmpty();
        assertThat(emulatedWorkDirs()).as("working directories left").isEqualTo(dirsBefore);
    }

    @Test
    void sigtermMidwayOfAnEmulatedVerifyLeavesNothingRunning() throws Exception {
        Set<String> dirsBefore = emulatedWorkDirs();
        Path log = dir.resolve("verify.log");
        Process p = Jar.builder(dir, tools(), "verify", seed(), "--target", "emulated", "--report",
                dir.resolve("report").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // the first check's line: the stack is deployed, every instance's node runs, checks are under way
        Jar.awaitOutput(p, log, Pattern.compile("ready in .*\\n(.*\\n)*?\\s*\\S+\\s+(PASSED|FAILED|SKIPPED)"), 240);
        List<ProcessHandle> started = p.descendants().toList();
        assertThat(started).as("verify's processes (moto, the instances' nodes)").isNotEmpty();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("verify exited after SIGTERM:\n" + Files.readString(log)).isTrue();
        assertThat(alive(started)).as("processes verify started, alive after SIGTERM").isEmpty();
        assertThat(emulatedWorkDirs()).as("working directories left after SIGTERM").isEqualTo(dirsBefore);
        Path report = dir.resolve("report");
        if (Files.exists(report)) {
            assertThat(report.resolve("index.html")).as("a report written at all is whole").exists();
            assertThat(report.resolve("report.json")).as("a report written at all is whole").exists();
        }
    }

    /** The real AWS CLI (moto's venv) against the emulator, with dummy keys; fails on a non-zero exit. */
    private String aws(String endpoint, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(MotoVenv.require().resolve("bin/aws").toString(), "--endpoint-url",
                endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(DUMMY_KEYS);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("aws " + String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }

    private static List<String> alive(List<ProcessHandle> processes) {
        return processes.stream().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + ": " + h.info().commandLine().orElse("?")).toList();
    }

    private static Set<String> emulatedWorkDirs() throws IOException {
        return Jar.workDirs("stackgate-emulated-", "stackgate-moto-");
    }
}
