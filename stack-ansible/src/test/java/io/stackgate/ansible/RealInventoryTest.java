package io.stackgate.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import io.stackgate.runtime.Exec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated inventories read by the real ansible-inventory. The aws_ec2 inventory's grouping is
 * proven here without AWS with ansible-core's constructed plugin, which shares the keyed_groups and
 * compose code (Constructable) with aws_ec2, over hosts carrying the hostvars aws_ec2 gives EC2
 * instances ({@code ec2_tags} on amazon.aws 11.2.0 and later, {@code tags} before, {@code
 * private_ip_address}); stack-aws's DeployerTest runs the real amazon.aws.aws_ec2 plugin against a
 * stack deployed into moto.
 */
class RealInventoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private JsonNode inventory(String... sources) throws Exception {
        Path bin = Repo.requireVenv().resolve("bin/ansible-inventory");
        List<String> command = new ArrayList<>(List.of(bin.toString()));
        for (String s : sources) {
            command.add("-i");
            command.add(s);
        }
        command.add("--list");
        Exec.Result r = Exec.of(command).in(dir)
                .env(Map.of("ANSIBLE_CONFIG", Repo.ansibleDir().resolve("ansible.cfg").toString(),
                        "ANSIBLE_INVENTORY_UNPARSED_FAILED", "true", "ANSIBLE_NOCOLOR", "1"))
                .separateStderr().timeout(Duration.ofSeconds(60)).runForAnyExit();
        assertThat(r.exitCode()).as("ansible-inventory exit code; stderr: %s", r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    private static List<String> hostsOf(JsonNode inv, String group) {
        List<String> hosts = new ArrayList<>();
        inv.path(group).path("hosts").forEach(h -> hosts.add(h.asText()));
        return hosts;
    }

    @Test
    void theTierKeyedGroupsPutEachInstanceInExactlyItsTiersGroup() throws Exception {
        Topology t = Fixtures.example("seed-2az.yaml");
        JsonNode ec2 = YAML.readTree(new AnsibleInputs().render(t).text(AnsibleInputs.EC2_INVENTORY));
        Map<String, Object> constructed = new java.util.LinkedHashMap<>();
        constructed.put("plugin", "ansible.builtin.constructed");
        constructed.put("strict", true);
        constructed.put("keyed_groups", JSON.convertValue(ec2.path("keyed_groups"), List.class));
        constructed.put("compose", JSON.convertValue(ec2.path("compose"), Map.class));
        Files.writeString(dir.resolve("constructed.yml"), YAML.writeValueAsString(constructed));
        Files.writeString(dir.resolve("instances.yml"), """
                all:
                  hosts:
                    i-0prom1: {tags: {Stack: obs, Tier: prometheus}, private_ip_address: 10.40.10.11}
                    i-0prom2: {tags: {Stack: obs, Tier: prometheus}, private_ip_address: 10.40.11.12}
                    i-0am1: {tags: {Stack: obs, Tier: alertmanager}, private_ip_address: 10.40.10.21}
                    i-0graf1: {tags: {Stack: obs, Tier: grafana}, private_ip_address: 10.40.11.31}
                    i-0am2: {ec2_tags: {Stack: obs, Tier: alertmanager}, tags: {Stack: obs, Tier: grafana}, private_ip_address: 10.40.11.22}
                """);

        JsonNode inv = inventory("instances.yml", "constructed.yml");

        assertThat(hostsOf(inv, "prometheus")).containsExactlyInAnyOrder("i-0prom1", "i-0prom2");
        // amazon.aws >= 11.2.0 sets ec2_tags (and the deprecated tags); the key prefers ec2_tags
        assertThat(hostsOf(inv, "alertmanager")).containsExactlyInAnyOrder("i-0am1", "i-0am2");
        assertThat(hostsOf(inv, "grafana")).containsExactly("i-0graf1");
        List<String> groups = new ArrayList<>();
        inv.fieldNames().forEachRemaining(groups::add);
        assertThat(groups).noneMatch(g -> g.startsWith("_") && !g.equals("_meta"));
        assertThat(inv.path("_meta").path("hostvars").path("i-0graf1").path("ansible_host").asText())
                .isEqualTo("10.40.11.31");
    }

    @Test
    void theLocalInventoryHasLocalhostInEveryTierGroupConnectedLocally() throws Exception {
        Bundle b = new AnsibleInputs().render(Fixtures.example("three-az.yaml"));
        Repo.write(b, dir);

        JsonNode inv = inventory(AnsibleInputs.LOCAL_INVENTORY);

        for (String tier : AnsibleInputs.TIERS) {
            assertThat(hostsOf(inv, tier)).as(tier).containsExactly("localhost");
        }
        assertThat(inv.path("_meta").path("hostvars").path("localhost").path("ansible_connection").asText())
                .isEqualTo("local");
    }
}
