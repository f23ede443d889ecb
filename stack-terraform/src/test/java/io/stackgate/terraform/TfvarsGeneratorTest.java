package io.stackgate.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.model.Cidr;
import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.Fixtures;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Secret;
import io.stackgate.model.Tls;
import io.stackgate.model.TlsVersion;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TfvarsGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123";

    static Stream<Path> examples() {
        return Repo.examples().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleRendersExactlyOneFileByteIdenticalForEqualTopologies(Path example) {
        Topology first = Repo.load(example);
        Topology second = Repo.load(example);

        Bundle a = new TfvarsGenerator().render(first);
        Bundle b = new TfvarsGenerator().render(second);

        assertThat(a.files().keySet()).containsExactly("terraform/stack.auto.tfvars.json");
        assertThat(a.files().get(TfvarsGenerator.PATH)).isEqualTo(b.files().get(TfvarsGenerator.PATH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleHasNoLiteralSecretOnlyAnSsmParameterName(Path example) {
        Topology t = Repo.load(example);
        String text = Repo.tfvars(t);

        for (String secret : literalSecrets(t)) {
            assertThat(text).as("literal secret from %s", example.getFileName()).doesNotContain(secret);
        }
        assertThat(text).contains("\"admin_password_ssm_parameter\": \"/");
    }

    @Test
    void aLiteralAdminPasswordIsReplacedByTheDefaultParameterName() {
        Topology t = Fixtures.clean().toBuilder()
                .grafana(g -> g.adminPassword(Secret.literal("Sup3r-Literal-Pa55"))
                        .database(new Database(DatabaseEngine.POSTGRES, Secret.literal("db-Literal-Pa55"))))
                .build();

        String text = Repo.tfvars(t);

        assertThat(text).doesNotContain("Sup3r-Literal-Pa55").doesNotContain("db-Literal-Pa55")
                .contains("\"admin_password_ssm_parameter\": \"/clean/grafana/admin\"");
    }

    @Test
    void theAntipatternsExampleLeaksNeitherItsAdminPasswordNorItsWebhookCredentials() throws IOException {
        String yaml = Files.readString(Fixtures.examples().resolve("antipatterns.yaml"));
        assertThat(yaml).as("the example still carries the literals this test looks for")
                .contains("admin123").contains("hunter2");

        String text = Repo.tfvars(Fixtures.example("antipatterns.yaml"));

        assertThat(text).doesNotContain("admin123").doesNotContain("hunter2")
                .contains("\"admin_password_ssm_parameter\": \"/seed-mistakes/grafana/admin\"");
    }

    @Test
    void anSsmReferenceIsPassedAsItsParameterNameAndOtherReferencesGetTheDefault() throws IOException {
        Topology ssm = Fixtures.clean().toBuilder().grafana(g -> g.adminPassword(Secret.ref("ssm:/team/x/grafana-admin")))
                .build();
        Topology sm = Fixtures.clean().toBuilder().grafana(g -> g.adminPassword(Secret.ref("secretsmanager:obs/admin")))
                .build();

        assertThat(grafana(ssm).get("admin_password_ssm_parameter")).isEqualTo("/team/x/grafana-admin");
        assertThat(grafana(sm).get("admin_password_ssm_parameter")).isEqualTo("/clean/grafana/admin");
    }

    @Test
    void aPublicLoadBalancerWithoutTlsOrDisabledGetsNoCertificateAndTheTls12Policy() throws IOException {
        Topology plaintext = Fixtures.clean().toBuilder()
                .publicLoadBalancer(new PublicLoadBalancer(true, null, List.of(Cidr.parse("0.0.0.0/0")))).build();
        Topology disabled = Fixtures.clean().toBuilder()
                .publicLoadBalancer(new PublicLoadBalancer(false, new Tls(ARN, TlsVersion.TLS1_3), List.of())).build();
        Topology tls13 = Fixtures.clean().toBuilder()
                .publicLoadBalancer(new PublicLoadBalancer(true, new Tls(ARN, TlsVersion.TLS1_3),
                        List.of(Cidr.parse("203.0.113.0/24")))).build();

        assertThat(publicLb(plaintext)).containsEntry("enabled", true).containsEntry("certificate_arn", "")
                .containsEntry("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(publicLb(disabled)).containsEntry("enabled", false).containsEntry("certificate_arn", "")
                .containsEntry("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
                .containsEntry("allowed_cidrs", List.of());
        assertThat(publicLb(tls13)).containsEntry("certificate_arn", ARN)
                .containsEntry("ssl_policy", "ELBSecurityPolicy-TLS13-1-3-2021-06")
                .containsEntry("allowed_cidrs", List.of("203.0.113.0/24"));
        assertThat(TfvarsGenerator.TLS12_POLICY).isEqualTo(new Tls(ARN, TlsVersion.TLS1_2).sslPolicy());
    }

    @Test
    void keysAreExactlyTheRootModulesRequiredVariablesInDeclarationOrder() throws IOException {
        List<String> required = requiredVariables(Files.readString(Repo.terraformDir().resolve("variables.tf")));

        Map<String, Object> written = parse(Repo.tfvars(Fixtures.example("seed-2az.yaml")));

        assertThat(required).as("variables without a default in terraform/variables.tf").hasSize(13);
        assertThat(new ArrayList<>(written.keySet())).containsExactlyElementsOf(required);
    }

    @Test
    void layoutIsTwoSpaceIndentedWithUnixLineEndsAndATrailingNewline() {
        String text = Repo.tfvars(Fixtures.example("three-az.yaml"));

        assertThat(text).endsWith("}\n").doesNotContain("\r").doesNotContain("\t").startsWith("{\n  \"name\": \"obs-3az\",\n");
        assertThat(text.lines()).allSatisfy(line ->
                assertThat((line.length() - line.stripLeading().length()) % 2).as("indent of %s", line).isZero());
        assertThat(text).contains("\n  \"availability_zones\": [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"],\n")
                .contains("\n  \"prometheus\": {\n    \"replicas\": 3,\n");
    }

    @Test
    void generatedSeedMatchesTheHandMadeFixtureExceptForTheCertificateArn() throws IOException {
        String fixture = Files.readString(Repo.terraformDir().resolve("tests/fixtures/seed-2az.auto.tfvars.json"));
        String generated = Repo.tfvars(Fixtures.example("seed-2az.yaml"));
        String exampleArn = "arn:aws:acm:us-east-1:123456789012:certificate/2f1c7c1e-0000-4000-8000-000000000001";
        String fixtureArn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000";

        assertThat(generated).contains(exampleArn).isNotEqualTo(fixture);
        assertThat(generated.replace(exampleArn, fixtureArn)).isEqualTo(fixture);
    }

    @Test
    void everyValueComesFromTheTopology() throws IOException {
        Map<String, Object> v = parse(Repo.tfvars(Fixtures.example("three-az.yaml")));

        assertThat(v).containsEntry("name", "obs-3az").containsEntry("region", "eu-west-1")
                .containsEntry("vpc_cidr", "10.50.0.0/16").containsEntry("ssh_from_cidrs", List.of())
                .containsEntry("imds_v2_required", true)
                .containsEntry("internal_lb", Map.of("enabled", true));
        assertThat(v.get("prometheus")).isEqualTo(Map.of("replicas", 3, "instance_type", "m6i.large",
                "storage_type", "ebs", "storage_size_gib", 200, "config_store", "s3", "retention", "30d",
                "scrape_interval", "15s", "replica_label", "replica"));
        assertThat(v.get("alertmanager")).isEqualTo(Map.of("replicas", 3, "instance_type", "t3.small"));
        assertThat(v.get("grafana")).isEqualTo(Map.of("replicas", 3, "instance_type", "t3.small",
                "database_engine", "postgres", "remote_cache", "redis",
                "admin_password_ssm_parameter", "/obs-3az/grafana/admin"));
        assertThat(v.get("health_check")).isEqualTo(Map.of("interval_seconds", 5, "timeout_seconds", 3,
                "healthy_threshold", 2, "unhealthy_threshold", 2, "deregistration_delay_seconds", 15));

        Map<String, Object> bad = parse(Repo.tfvars(Fixtures.example("antipatterns.yaml")));
        assertThat(bad).containsEntry("imds_v2_required", false).containsEntry("ssh_from_cidrs", List.of("0.0.0.0/0"));
        assertThat(bad.get("prometheus")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("storage_type", "efs");
    }

    /** Names of the variable blocks in variables.tf that have no default, in file order. */
    static List<String> requiredVariables(String variablesTf) {
        Matcher m = Pattern.compile("(?m)^variable \"([^\"]+)\" \\{").matcher(variablesTf);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            names.add(m.group(1));
        }
        List<String> required = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String block = variablesTf.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : variablesTf.length());
            if (!Pattern.compile("(?m)^\\s*default\\s*=").matcher(block).find()) {
                required.add(names.get(i));
            }
        }
        return required;
    }

    private static List<String> literalSecrets(Topology t) {
        List<String> secrets = new ArrayList<>();
        if (t.grafana().adminPassword().isLiteral()) {
            secrets.add(t.grafana().adminPassword().literal());
        }
        Secret db = t.grafana().database().password();
        if (db != null && db.isLiteral()) {
            secrets.add(db.literal());
        }
        for (var r : t.alertmanager().receivers()) {
            Matcher userInfo = Pattern.compile("//([^/@]+)@").matcher(r.webhookUrl());
            if (userInfo.find()) {
                secrets.add(userInfo.group(1));
            }
        }
        return secrets;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws IOException {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> publicLb(Topology t) throws IOException {
        return (Map<String, Object>) parse(Repo.tfvars(t)).get("public_lb");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> grafana(Topology t) throws IOException {
        return (Map<String, Object>) parse(Repo.tfvars(t)).get("grafana");
    }
}
