package io.stackgate.aws.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.aws.Emulated;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.emulator.MotoVenv;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import io.stackgate.runtime.Exec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIS templates against the FIS API model (botocore's fis service-2.json from the moto venv:
 * required members, no unknown member, types, lengths, patterns, enums), through the real AWS CLI
 * into moto's FIS, and for what they select.
 */
class FisTemplatesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Topology seed = Emulated.seed();
    final FisTemplates fis = new FisTemplates();

    @Test
    void sameTopologyAndOptionsGiveByteIdenticalFiles() {
        Bundle a = fis.render(seed, FisTemplates.Options.defaults());
        Bundle b = fis.render(Emulated.seed(), FisTemplates.Options.defaults());
        assertThat(a.files().keySet()).containsExactly("chaos/README.md", "chaos/stop-az.json",
                "chaos/terminate-alertmanager.json", "chaos/terminate-prometheus.json");
        a.files().forEach((path, bytes) -> assertThat(b.files().get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void everyTemplateIsAValidCreateExperimentTemplateRequestOfTheFisModel() throws Exception {
        JsonNode model = JSON.readTree(fisModel().toFile());
        var withAlarm = new FisTemplates.Options(Optional.of("arn:aws:iam::123456789012:role/obs-fis"),
                Optional.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:obs-slo-burn"), Optional.of("us-east-1b"), 30);
        for (FisTemplates.Options o : List.of(FisTemplates.Options.defaults(), withAlarm)) {
            for (var e : fis.render(seed, o).files().entrySet()) {
                if (!e.getKey().endsWith(".json")) {
                    continue;
                }
                List<String> problems = new ArrayList<>();
                ShapeCheck.check(model.path("shapes"), "CreateExperimentTemplateRequest", JSON.readTree(e.getValue()), "$",
                        problems);
                assertThat(problems).as(e.getKey()).isEmpty();
            }
        }
    }

    @Test
    void theModelCheckRejectsWhatTheApiWould() throws Exception {
        JsonNode shapes = JSON.readTree(fisModel().toFile()).path("shapes");
        JsonNode good = JSON.readTree(fis.render(seed, FisTemplates.Options.defaults()).files().get("chaos/stop-az.json"));
        List<String> problems = new ArrayList<>();
        var noRole = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noRole).remove("roleArn");
        ShapeCheck.check(shapes, "CreateExperimentTemplateRequest", noRole, "$", problems);
        var typo = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) typo).put("stopCondition", "none");
        ShapeCheck.check(shapes, "CreateExperimentTemplateRequest", typo, "$", problems);
        var badEnum = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badEnum.path("experimentOptions")).put("accountTargeting", "all");
        ShapeCheck.check(shapes, "CreateExperimentTemplateRequest", badEnum, "$", problems);
        assertThat(problems).anyMatch(p -> p.contains("$.roleArn: required")).anyMatch(p -> p.contains("$.stopCondition: not a member"))
                .anyMatch(p -> p.contains("$.experimentOptions.accountTargeting: \"all\" not in"));
    }

    @Test
    void theAwsCliCreatesEveryTemplateInMotosFis(@TempDir Path dir) throws Exception {
        Path aws = MotoVenv.require().resolve("bin/aws");
        try (MotoServer moto = MotoServer.start()) {
            for (var e : fis.render(seed, FisTemplates.Options.defaults()).files().entrySet()) {
                if (!e.getKey().endsWith(".json")) {
                    continue;
                }
                Path file = dir.resolve(Path.of(e.getKey()).getFileName());
                Files.write(file, e.getValue());
                Exec.Result r = Exec.of(aws.toString(), "fis", "create-experiment-template",
                        "--cli-input-json", "file://" + file, "--endpoint-url", moto.endpoint().toString(),
                        "--region", seed.region(), "--output", "json")
                        .env(Map.of("AWS_ACCESS_KEY_ID", "stackgate", "AWS_SECRET_ACCESS_KEY", "stackgate",
                                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"))
                        .separateStderr().timeout(Duration.ofSeconds(60)).runForAnyExit();
                String out = r.stdout();
                assertThat(r.exitCode()).as(e.getKey() + ": " + out + r.stderr()).isZero();
                JsonNode created = JSON.readTree(out).path("experimentTemplate");
                assertThat(created.path("targets").path("Instances").path("resourceTags").path("Stack").asText()).isEqualTo("obs");
                assertThat(created.path("roleArn").asText()).isEqualTo("arn:aws:iam::${AWS_ACCOUNT_ID}:role/obs-fis");
            }
        }
    }

    @Test
    void theTemplatesSelectOnlyTheStacksInstancesAndOneZone() throws Exception {
        Bundle b = fis.render(seed, FisTemplates.Options.defaults());
        JsonNode term = JSON.readTree(b.files().get("chaos/terminate-prometheus.json"));
        assertThat(term.at("/targets/Instances/resourceType").asText()).isEqualTo("aws:ec2:instance");
        assertThat(term.at("/targets/Instances/resourceTags").toString()).isEqualTo("{\"Stack\":\"obs\",\"Tier\":\"prometheus\"}");
        assertThat(term.at("/targets/Instances/selectionMode").asText()).isEqualTo("COUNT(1)");
        assertThat(term.at("/actions/terminate/actionId").asText()).isEqualTo("aws:ec2:terminate-instances");
        assertThat(term.at("/stopConditions").toString()).isEqualTo("[{\"source\":\"none\"}]");
        JsonNode stop = JSON.readTree(b.files().get("chaos/stop-az.json"));
        assertThat(stop.at("/targets/Instances/filters/0").toString())
                .isEqualTo("{\"path\":\"Placement.AvailabilityZone\",\"values\":[\"us-east-1a\"]}");
        assertThat(stop.at("/targets/Instances/resourceTags").toString()).isEqualTo("{\"Stack\":\"obs\"}");
        assertThat(stop.at("/actions/stop-zone/parameters/startInstancesAfterDuration").asText()).isEqualTo("PT5M");
        assertThat(stop.at("/targets/AutoScalingGroups/resourceType").asText()).isEqualTo("aws:ec2:autoscaling-group");
        assertThat(stop.at("/actions/no-launches-in-zone/parameters/availabilityZoneIdentifiers").asText()).isEqualTo("us-east-1a");
        assertThat(new String(b.files().get("chaos/README.md"), StandardCharsets.UTF_8)).contains("deregister-target")
                .contains("FIS has no action for ELB target groups");

        var o = new FisTemplates.Options(Optional.of("arn:aws:iam::123456789012:role/chaos"),
                Optional.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:obs-slo-burn"), Optional.of("us-east-1b"), 10);
        JsonNode custom = JSON.readTree(fis.render(seed, o).files().get("chaos/stop-az.json"));
        assertThat(custom.at("/roleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/chaos");
        assertThat(custom.at("/stopConditions/0/source").asText()).isEqualTo("aws:cloudwatch:alarm");
        assertThat(custom.at("/targets/Instances/filters/0/values/0").asText()).isEqualTo("us-east-1b");
        assertThat(custom.at("/actions/stop-zone/parameters/startInstancesAfterDuration").asText()).isEqualTo("PT10M");
    }

    @Test
    void refusesAZoneOutsideTheTopologyAndArnsThatAreNot() {
        assertThatThrownBy(() -> fis.render(seed, new FisTemplates.Options(Optional.empty(), Optional.empty(),
                Optional.of("eu-west-1a"), 5))).hasMessageContaining("not one of the topology's availability zones");
        assertThatThrownBy(() -> new FisTemplates.Options(Optional.of("obs-fis"), Optional.empty(), Optional.empty(), 5))
                .hasMessageContaining("--fis-role-arn must be an ARN starting arn:aws:iam::");
        assertThatThrownBy(() -> new FisTemplates.Options(Optional.empty(), Optional.empty(), Optional.empty(), 721))
                .hasMessageContaining("1 to 720 minutes");
    }

    /** botocore's FIS model in the moto venv (the AWS CLI's own copy, uncompressed). */
    static Path fisModel() throws Exception {
        try (Stream<Path> s = Files.walk(MotoVenv.require().resolve("lib"))) {
            return s.filter(p -> p.toString().endsWith("awscli/botocore/data/fis/2020-12-01/service-2.json")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no awscli/botocore/data/fis/2020-12-01/service-2.json under "
                            + MotoVenv.require() + "; run scripts/install-tools"));
        }
    }

    /** Holds a JSON value against a shape of a botocore model, the way the service validates input. */
    static final class ShapeCheck {
        static void check(JsonNode shapes, String shapeName, JsonNode value, String path, List<String> problems) {
            JsonNode shape = shapes.path(shapeName);
            switch (shape.path("type").asText()) {
                case "structure" -> {
                    if (!value.isObject()) {
                        problems.add(path + ": expected an object (" + shapeName + ")");
                        return;
                    }
                    JsonNode members = shape.path("members");
                    for (JsonNode req : shape.path("required")) {
                        // an idempotency token is filled in by the CLI and SDKs when absent
                        if (!value.has(req.asText()) && !members.path(req.asText()).path("idempotencyToken").asBoolean()) {
                            problems.add(path + "." + req.asText() + ": required by " + shapeName);
                        }
                    }
                    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (!members.has(f)) {
                            problems.add(path + "." + f + ": not a member of " + shapeName);
                        } else {
                            check(shapes, members.path(f).path("shape").asText(), value.get(f), path + "." + f, problems);
                        }
                    }
                }
                case "map" -> {
                    if (!value.isObject()) {
                        problems.add(path + ": expected a map (" + shapeName + ")");
                        return;
                    }
                    length(shape, value.size(), path, problems);
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        var e = it.next();
                        check(shapes, shape.path("key").path("shape").asText(), com.fasterxml.jackson.databind.node.TextNode
                                .valueOf(e.getKey()), path + "{" + e.getKey() + "}", problems);
                        check(shapes, shape.path("value").path("shape").asText(), e.getValue(), path + "." + e.getKey(), problems);
                    }
                }
                case "list" -> {
                    if (!value.isArray()) {
                        problems.add(path + ": expected a list (" + shapeName + ")");
                        return;
                    }
                    length(shape, value.size(), path, problems);
                    for (int i = 0; i < value.size(); i++) {
                        check(shapes, shape.path("member").path("shape").asText(), value.get(i), path + "[" + i + "]", problems);
                    }
                }
                case "string" -> {
                    if (!value.isTextual()) {
                        problems.add(path + ": expected a string (" + shapeName + ")");
                        return;
                    }
                    String s = value.asText();
                    length(shape, s.length(), path, problems);
                    if (shape.has("pattern") && !Pattern.compile(shape.path("pattern").asText()).matcher(s).matches()) {
                        problems.add(path + ": " + JSON.valueToTree(s) + " does not match " + shape.path("pattern").asText());
                    }
                    if (shape.has("enum")) {
                        List<String> allowed = new ArrayList<>();
                        shape.path("enum").forEach(x -> allowed.add(x.asText()));
                        if (!allowed.contains(s)) {
                            problems.add(path + ": " + JSON.valueToTree(s) + " not in " + allowed);
                        }
                    }
                }
                case "integer", "long" -> {
                    if (!value.isIntegralNumber()) {
                        problems.add(path + ": expected an integer (" + shapeName + ")");
                    }
                }
                case "boolean" -> {
                    if (!value.isBoolean()) {
                        problems.add(path + ": expected a boolean (" + shapeName + ")");
                    }
                }
                default -> problems.add(path + ": shape " + shapeName + " of type " + shape.path("type").asText()
                        + " not handled by this check: " + Arrays.toString(new String[] {shape.toString()}));
            }
        }

        private static void length(JsonNode shape, int n, String path, List<String> problems) {
            if (shape.has("min") && n < shape.path("min").asInt()) {
                problems.add(path + ": length " + n + " below the minimum " + shape.path("min").asInt());
            }
            if (shape.has("max") && n > shape.path("max").asInt()) {
                problems.add(path + ": length " + n + " above the maximum " + shape.path("max").asInt());
            }
        }
    }
}
