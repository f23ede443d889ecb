package io.stackgate.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.Ec2Discovery;
import io.stackgate.model.Fixtures;
import io.stackgate.model.PromDuration;
import io.stackgate.model.Query;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Secret;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.Renderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnsibleInputsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final AnsibleInputs inputs = new AnsibleInputs();

    static List<Path> examples() {
        return Repo.examples();
    }

    private static JsonNode yaml(Bundle b, String path) throws Exception {
        return YAML.readTree(b.text(path));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void renderIsByteIdenticalAcrossRunsAndLoads(Path example) {
        Bundle first = new AnsibleInputs().render(Repo.load(example));
        Bundle second = new AnsibleInputs().render(Repo.load(example));
        assertThat(first.files().keySet()).isEqualTo(second.files().keySet());
        first.files().forEach((path, bytes) -> assertThat(second.files().get(path))
                .as("%s of %s", path, example.getFileName()).isEqualTo(bytes));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void bundleHasExactlyTheInventoriesAndGroupVars(Path example) {
        assertThat(inputs.render(Repo.load(example)).files().keySet())
                .containsExactly(AnsibleInputs.GROUP_VARS, AnsibleInputs.EC2_INVENTORY, AnsibleInputs.LOCAL_INVENTORY);
    }

    @Test
    void noLiteralSecretOfTheAntipatternsReachesTheBundle() {
        Topology t = Fixtures.example("antipatterns.yaml");
        assertThat(t.grafana().adminPassword().isLiteral()).as("the example still has a literal password").isTrue();
        Bundle b = inputs.render(t);
        b.files().forEach((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(path)
                .doesNotContain("admin123").doesNotContain("hunter2").doesNotContain("bot:")
                .doesNotContain("hooks.example.com"));
        assertThat(inputs.groupVars(t)).containsEntry("grafana_admin_password_ssm_parameter",
                "/seed-mistakes/grafana/admin");
    }

    @Test
    void aLiteralDatabasePasswordBecomesTheDefaultParameterName() {
        Topology t = Fixtures.clean().toBuilder()
                .grafana(g -> g.database(new Database(DatabaseEngine.POSTGRES, Secret.literal("s3cr3t-db-literal")))
                        .adminPassword(Secret.literal("s3cr3t-admin-literal")))
                .build();
        Bundle b = inputs.render(t);
        b.files().forEach((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(path)
                .doesNotContain("s3cr3t"));
        assertThat(inputs.groupVars(t))
                .containsEntry("grafana_admin_password_ssm_parameter", "/clean/grafana/admin")
                .containsEntry("grafana_database_password_ssm_parameter", "/clean/grafana/database");
    }

    @Test
    void ssmReferencesArePassedAsTheirParameterNames() {
        Topology t = Fixtures.clean().toBuilder()
                .grafana(g -> g.database(new Database(DatabaseEngine.MYSQL, Secret.ref("ssm:/shared/grafana-db")))
                        .adminPassword(Secret.ref("ssm:/team/grafana/admin-pw")))
                .build();
        assertThat(inputs.groupVars(t))
                .containsEntry("grafana_admin_password_ssm_parameter", "/team/grafana/admin-pw")
                .containsEntry("grafana_database_password_ssm_parameter", "/shared/grafana-db");
    }

    @Test
    void referencesTheRolesCannotReadFallBackToDefaultsOrNothing() {
        Topology t = Fixtures.clean().toBuilder()
                .grafana(g -> g.database(new Database(DatabaseEngine.POSTGRES, Secret.ref("secretsmanager:grafana-db")))
                        .adminPassword(Secret.ref("env:GRAFANA_ADMIN")))
                .build();
        assertThat(inputs.groupVars(t))
                .containsEntry("grafana_admin_password_ssm_parameter", "/clean/grafana/admin")
                .containsEntry("grafana_database_password_ssm_parameter", "");
        Topology rdsManaged = Fixtures.clean().toBuilder().grafana(g -> g.database(DatabaseEngine.POSTGRES)).build();
        assertThat(inputs.groupVars(rdsManaged)).containsEntry("grafana_database_password_ssm_parameter", "");
    }

    @Test
    void seedGroupVarsCarryTheTopologysValues() throws Exception {
        JsonNode v = yaml(inputs.render(Fixtures.example("seed-2az.yaml")), AnsibleInputs.GROUP_VARS);
        assertThat(v.path("stackgate_name").asText()).isEqualTo("obs");
        assertThat(v.path("stackgate_region").asText()).isEqualTo("us-east-1");
        assertThat(v.path("stackgate_config_store").asText()).isEqualTo("efs");
        assertThat(v.path("stackgate_etc_dir").asText()).isEqualTo(Deployment.Aws.ACTIVE_CONFIG_DIR);
        assertThat(v.path("stackgate_query_layer").asText()).isEqualTo("thanos");
        assertThat(v.path("prometheus_retention").asText()).isEqualTo("15d");
        assertThat(v.path("prometheus_replica_label").asText()).isEqualTo("replica");
        assertThat(v.path("alertmanager_peer_discovery").asText()).isEqualTo("ec2");
        assertThat(v.path("grafana_ha_enabled").isBoolean()).isTrue();
        assertThat(v.path("grafana_ha_enabled").asBoolean()).isTrue();
        assertThat(v.path("grafana_ha_peer_discovery").asText()).isEqualTo("ec2");
        assertThat(v.path("grafana_admin_password_ssm_parameter").asText()).isEqualTo("/obs/grafana/admin");
        assertThat(v.path("grafana_database_password_ssm_parameter").asText()).isEmpty();
        assertThat(v.path("node_exporter_listen_address").asText()).isEqualTo("0.0.0.0:9100");
    }

    @Test
    void groupVarsFollowClusterRetentionStoreAndLabelChanges() {
        Topology t = Fixtures.clean().toBuilder()
                .prometheus(p -> p.retention("30d").replicaLabel("prom_replica")
                        .configStore(io.stackgate.model.ConfigStore.S3))
                .alertmanager(a -> a.cluster(false))
                .grafana(g -> g.alertingHa(false))
                .build();
        assertThat(inputs.groupVars(t))
                .containsEntry("prometheus_retention", "30d")
                .containsEntry("prometheus_replica_label", "prom_replica")
                .containsEntry("stackgate_config_store", "s3")
                .containsEntry("alertmanager_peer_discovery", "none")
                .containsEntry("grafana_ha_enabled", false)
                .containsEntry("grafana_ha_peer_discovery", "none");
        Topology noQueryTier = Fixtures.clean().toBuilder().query(Query.none()).build();
        assertThat(inputs.groupVars(noQueryTier)).containsEntry("stackgate_query_layer", "none");
        Topology single = Fixtures.clean().toBuilder().grafana(g -> g.replicas(1)).build();
        assertThat(inputs.groupVars(single)).containsEntry("grafana_ha_enabled", false);
    }

    @Test
    void nodeExporterPortComesFromTheNodeJobNotFromApplicationJobs() {
        PromDuration minute = PromDuration.parse("60s");
        Topology t = Fixtures.clean().toBuilder().prometheus(p -> p.scrapeJobs(List.of(
                ScrapeJob.ec2("app", new Ec2Discovery("monitoring", "app", 8080, minute)),
                ScrapeJob.ec2("hosts", new Ec2Discovery("monitoring", "node-exporter", 9200, minute)))))
                .build();
        assertThat(AnsibleInputs.nodeExporterPort(t)).isEqualTo(9200);
        assertThat(inputs.groupVars(t)).containsEntry("node_exporter_listen_address", "0.0.0.0:9200");
        Topology appsOnly = Fixtures.clean().toBuilder().prometheus(p -> p.scrapeJobs(List.of(
                ScrapeJob.ec2("app", new Ec2Discovery("monitoring", "app", 8080, minute))))).build();
        assertThat(AnsibleInputs.nodeExporterPort(appsOnly)).isEqualTo(AnsibleInputs.DEFAULT_NODE_EXPORTER_PORT);
    }

    @Test
    void activeConfigDirIsWhereTheRenderedConfigExpectsItsFiles() throws Exception {
        Topology t = Fixtures.example("seed-2az.yaml");
        String etc = (String) inputs.groupVars(t).get("stackgate_etc_dir");
        Bundle config = new Renderer().render(t);
        // the grafana role activates config/grafana/ into <stackgate_etc_dir>/grafana
        assertThat(config.text("config/grafana/grafana.ini")).contains("provisioning = " + etc + "/grafana/provisioning");
        assertThat(config.text("config/grafana/provisioning/dashboards/stackgate.yml"))
                .contains(etc + "/grafana/dashboards");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void ec2InventoryParsesAndGroupsHostsByTheirTierTag(Path example) throws Exception {
        Topology t = Repo.load(example);
        JsonNode inv = yaml(inputs.render(t), AnsibleInputs.EC2_INVENTORY);
        assertThat(inv.path("plugin").asText()).isEqualTo("amazon.aws.aws_ec2");
        assertThat(inv.path("regions")).hasSize(1);
        assertThat(inv.path("regions").get(0).asText()).isEqualTo(t.region());
        assertThat(inv.path("filters").path("tag:Stack").asText()).isEqualTo(t.name());
        assertThat(inv.path("filters").path("instance-state-name").asText()).isEqualTo("running");
        JsonNode groups = inv.path("keyed_groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("key").asText()).isEqualTo(AnsibleInputs.TIER_KEY);
        assertThat(groups.get(0).path("prefix").isTextual()).isTrue();
        assertThat(groups.get(0).path("prefix").asText()).isEmpty();
        assertThat(groups.get(0).path("separator").asText()).isEmpty();
        assertThat(inv.path("hostnames").get(0).asText()).isEqualTo("instance-id");
        assertThat(inv.path("compose").path("ansible_host").asText()).isEqualTo("private_ip_address");
        assertThat(AnsibleInputs.EC2_INVENTORY).as("the plugin only reads files named *aws_ec2.yml").endsWith("aws_ec2.yml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void localInventoryPutsLocalhostInEveryTierWithoutServicesOrPackages(Path example) throws Exception {
        JsonNode all = yaml(inputs.render(Repo.load(example)), AnsibleInputs.LOCAL_INVENTORY).path("all");
        JsonNode host = all.path("hosts").path("localhost");
        assertThat(host.path("ansible_connection").asText()).isEqualTo("local");
        assertThat(host.path("stackgate_manage_services").asBoolean(true)).isFalse();
        assertThat(host.path("stackgate_install_packages").asBoolean(true)).isFalse();
        assertThat(host.path("stackgate_prefix").asText()).contains("undef(");
        List<String> addresses = new ArrayList<>();
        host.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("_address")) {
                addresses.add(e.getValue().asText());
            }
        });
        assertThat(addresses).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
        for (String tier : AnsibleInputs.TIERS) {
            assertThat(all.path("children").path(tier).path("hosts").has("localhost")).as(tier).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyGroupVarsKeyIsDeclaredAndReadByARole(Path example) throws Exception {
        RoleVariables roles = RoleVariables.of(Repo.ansibleDir());
        JsonNode vars = yaml(inputs.render(Repo.load(example)), AnsibleInputs.GROUP_VARS);
        List<String> keys = new ArrayList<>();
        vars.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isNotEmpty();
        assertThat(roles.notReadByARole(keys)).as("group_vars keys no role declares in defaults/main.yml and reads")
                .isEmpty();
    }

    @Test
    void everyLocalInventoryVariableIsReadByARole() throws Exception {
        RoleVariables roles = RoleVariables.of(Repo.ansibleDir());
        JsonNode host = yaml(inputs.render(Fixtures.example("seed-2az.yaml")), AnsibleInputs.LOCAL_INVENTORY)
                .path("all").path("hosts").path("localhost");
        List<String> keys = new ArrayList<>();
        host.fieldNames().forEachRemaining(k -> {
            if (!k.startsWith("ansible_")) {
                keys.add(k);
            }
        });
        assertThat(roles.notReadByARole(keys)).isEmpty();
    }

    @Test
    void theRoleScanCatchesKeysNoRoleReads() {
        RoleVariables roles = RoleVariables.of(Repo.ansibleDir());
        assertThat(roles.declared()).contains("stackgate_name", "prometheus_retention", "node_exporter_listen_address");
        assertThat(roles.notReadByARole(List.of("prometheus_retention", "prometheus_retention_days",
                "stackgate_tier_name"))).containsExactly("prometheus_retention_days", "stackgate_tier_name");
    }

    @Test
    void groupVarsKeysAreWrittenInAFixedOrder() {
        Map<String, Object> v = inputs.groupVars(Fixtures.clean());
        assertThat(v.keySet()).startsWith("stackgate_name", "stackgate_region", "stackgate_config_store");
    }
}
