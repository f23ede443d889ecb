package io.stackgate.ansible;

import static io.stackgate.ansible.YamlText.map;

import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Secret;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.LocalLayouts;
import io.stackgate.model.render.Renderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Ansible side of {@code stackgate generate}: what the static roles in {@code ansible/} need
 * to know about one topology. {@link #render} returns a bundle with exactly three files:
 *
 * <ul>
 *   <li>{@value #EC2_INVENTORY} — the {@code amazon.aws.aws_ec2} inventory: running instances of
 *       the region tagged {@code Stack=<name>}, grouped by their {@code Tier} tag into exactly the
 *       groups {@code prometheus}, {@code alertmanager} and {@code grafana}, named by instance id
 *       and reached at their private address.</li>
 *   <li>{@value #GROUP_VARS} — the stack-wide variables the roles read (see
 *       {@link #groupVars(Topology)}). Every tier's settings go here, because the roles' variables
 *       are already namespaced by role and because {@code bootstrap.yml} runs with
 *       {@code -i localhost,}, where the host is in no tier group: a per-tier
 *       {@code group_vars/prometheus.yml} would be silently ignored at launch.</li>
 *   <li>{@value #LOCAL_INVENTORY} — localhost in all three groups, connection local, with the
 *       settings that keep a converge on this machine inside a scratch prefix (no systemd, no apt,
 *       no AWS calls, loopback addresses of the local replica's first node of each tier). It
 *       refuses to run without {@code -e stackgate_prefix=<dir>}.</li>
 * </ul>
 *
 * <p>Deterministic: equal topologies give byte-identical files. <b>No secret is ever written</b>:
 * Grafana's passwords are passed as SSM parameter names, which the grafana role reads on the
 * instance; a literal password in the topology (a finding of its own) becomes the conventional
 * parameter name, never the literal. Receivers (whose URLs may carry credentials) are not Ansible
 * inputs at all: they live in the rendered {@code alertmanager.yml}.
 */
public final class AnsibleInputs {
    /** The aws_ec2 inventory's path in the bundle; the plugin needs the file name to end in {@code aws_ec2.yml}. */
    public static final String EC2_INVENTORY = "ansible/inventory/aws_ec2.yml";
    /** The aws_ec2 inventory's group key: an instance's Tier tag, on every amazon.aws version. */
    public static final String TIER_KEY = "(ec2_tags if ec2_tags is defined else tags).Tier";
    /** The variables' path in the bundle: next to {@code bootstrap.yml} once the bundle is merged with the tree. */
    public static final String GROUP_VARS = "ansible/group_vars/all.yml";
    /** The local replica's static inventory. */
    public static final String LOCAL_INVENTORY = "ansible/inventory/local.yml";
    /** The tiers, which are also the inventory groups and the values of the instances' {@code Tier} tag. */
    public static final List<String> TIERS = List.of("prometheus", "alertmanager", "grafana");
    /** The node exporter port when no scrape job targets node exporters (Debian's and Terraform's). */
    public static final int DEFAULT_NODE_EXPORTER_PORT = 9100;

    // Fixed by the renderer (EC2 discovery of the tiers) and by Terraform's security groups.
    static final int PROMETHEUS_PORT = 9090;
    static final int ALERTMANAGER_PORT = 9093;
    static final int GOSSIP_PORT = 9094;

    private static final Pattern NODE_EXPORTER_JOB = Pattern.compile("(?i)node([-_ ]?exporters?)?");

    /**
     * The three files above. Never fails for a {@link Topology} that exists, including one with
     * findings: the values are the topology's, and the roles' own checks are the next line of
     * defence.
     */
    public Bundle render(Topology t) {
        String from = "\nWritten by `stackgate generate` from topology \"" + t.name() + "\"."
                + " Do not edit: change the topology and generate again.";
        return Bundle.builder()
                .text(EC2_INVENTORY, YamlText.write("Dynamic inventory of stack " + t.name() + " (amazon.aws.aws_ec2):"
                        + " its running instances tagged Stack=" + t.name() + ",\nin the groups prometheus,"
                        + " alertmanager and grafana by their Tier tag." + from, ec2Inventory(t)))
                .text(GROUP_VARS, YamlText.write("Stack-wide variables of the stackgate roles (ansible/README.md,"
                        + " \"Variables\").\nNo secrets: Grafana's passwords are SSM parameter names, read on the"
                        + " instance." + from, groupVars(t)))
                .text(LOCAL_INVENTORY, YamlText.write("The local replica: this machine in every tier group."
                        + " Converge only into a scratch prefix:\n"
                        + "  ansible-playbook -i inventory/local.yml PLAYBOOK -e stackgate_prefix=/tmp/scratch\n"
                        + "No systemd, apt or AWS call; loopback addresses of the local replica's first node per tier."
                        + from, localInventory(t)))
                .build();
    }

    /**
     * The variables of {@value #GROUP_VARS}, in the order written. Every key is one the roles
     * declare in a {@code defaults/main.yml} and read:
     *
     * <ul>
     *   <li>{@code stackgate_name}, {@code stackgate_region}, {@code stackgate_config_store} — the
     *       topology's; {@code stackgate_etc_dir} — {@link Deployment.Aws#ACTIVE_CONFIG_DIR}, where
     *       the rendered config expects its active copy (grafana.ini's provisioning path, the
     *       dashboard provider's path);</li>
     *   <li>{@code stackgate_query_layer}: the topology's {@code query.layer} ({@code thanos} or
     *       {@code none}); the role's default is {@code thanos}, so a {@code none} topology must say so
     *       or its Prometheus instances would start a sidecar nothing queries;</li>
     *   <li>{@code prometheus_replica_label}, {@code prometheus_retention}, and the listen
     *       addresses of Prometheus (9090), Alertmanager (9093, gossip 9094) and Grafana's alerting
     *       HA (9094) that the rendered EC2 discovery and the security groups assume;</li>
     *   <li>{@code alertmanager_peer_discovery}: {@code ec2} (peers by the tags {@code Stack},
     *       {@code Tier=alertmanager}) with {@code cluster: true}, else {@code none};</li>
     *   <li>{@code grafana_ha_enabled} (alerting HA with more than one replica, as in grafana.ini)
     *       and {@code grafana_ha_peer_discovery} ({@code ec2} or {@code none});</li>
     *   <li>{@code grafana_admin_password_ssm_parameter}: the parameter of an {@code ssm:}
     *       reference; for anything else (a literal, {@code secretsmanager:}, {@code env:}) the
     *       default {@code /<name>/grafana/admin}, as Terraform's IAM policy assumes;</li>
     *   <li>{@code grafana_database_password_ssm_parameter}: the parameter of an {@code ssm:}
     *       reference; a literal becomes {@code /<name>/grafana/database}; none (the RDS-managed
     *       secret), another reference or sqlite give {@code ""}: nothing is fetched from SSM;</li>
     *   <li>{@code node_exporter_listen_address}: {@code 0.0.0.0:<port>} with the port of the
     *       {@linkplain #nodeExporterPort node exporter scrape job}.</li>
     * </ul>
     */
    public Map<String, Object> groupVars(Topology t) {
        boolean grafanaHa = grafanaHa(t);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("stackgate_name", t.name());
        v.put("stackgate_region", t.region());
        v.put("stackgate_config_store", t.prometheus().configStore().yamlName());
        v.put("stackgate_etc_dir", Deployment.Aws.ACTIVE_CONFIG_DIR);
        v.put("stackgate_query_layer", t.query().layer().yamlName());
        v.put("prometheus_replica_label", t.prometheus().replicaLabel());
        v.put("prometheus_retention", t.prometheus().retention().text());
        v.put("prometheus_web_listen_address", "0.0.0.0:" + PROMETHEUS_PORT);
        v.put("alertmanager_web_listen_address", "0.0.0.0:" + ALERTMANAGER_PORT);
        v.put("alertmanager_cluster_listen_address", "0.0.0.0:" + GOSSIP_PORT);
        v.put("alertmanager_peer_discovery", t.alertmanager().cluster() ? "ec2" : "none");
        v.put("grafana_admin_password_ssm_parameter", adminPasswordParameter(t));
        v.put("grafana_database_password_ssm_parameter", databasePasswordParameter(t));
        v.put("grafana_ha_enabled", grafanaHa);
        v.put("grafana_ha_listen_address", "0.0.0.0:" + GOSSIP_PORT);
        v.put("grafana_ha_peer_discovery", grafanaHa ? "ec2" : "none");
        v.put("node_exporter_listen_address", "0.0.0.0:" + nodeExporterPort(t));
        return v;
    }

    /** The aws_ec2 inventory plugin's configuration, in the order written. */
    public Map<String, Object> ec2Inventory(Topology t) {
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("tag:Stack", t.name());
        filters.put("instance-state-name", "running");
        return map(
                "plugin", "amazon.aws.aws_ec2",
                "regions", List.of(t.region()),
                "filters", filters,
                // prefix "" and separator "": the group is the tag's value itself (not "_prometheus"). The tags
                // are ec2_tags since amazon.aws 11.2.0, which deprecates tags (to go after 2026-12-01): the key
                // reads ec2_tags where the plugin sets it and tags on older collections.
                "keyed_groups", List.of(map("key", TIER_KEY, "prefix", "", "separator", "")),
                "hostnames", List.of("instance-id", "private-ip-address"),
                "compose", map("ansible_host", "private_ip_address"),
                "strict", false);
    }

    /** The local replica's inventory, in the order written. */
    public Map<String, Object> localInventory(Topology t) {
        Deployment.Local layout = LocalLayouts.sequential(t, Deployment.Aws.ACTIVE_CONFIG_DIR,
                Renderer.DEFAULT_LOCAL_BASE_PORT, Deployment.Tempo.topology(),
                "http://127.0.0.1:" + (Renderer.DEFAULT_LOCAL_BASE_PORT - 1));
        Deployment.Endpoint grafana = layout.grafana().get(0);
        String nodeExporter = nodeExporterJob(t)
                .map(job -> layout.jobTargets().getOrDefault(job.name(), List.of()))
                .filter(targets -> !targets.isEmpty())
                .map(targets -> targets.get(0))
                .orElse("127.0.0.1:" + DEFAULT_NODE_EXPORTER_PORT);
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("ansible_connection", "local");
        host.put("ansible_python_interpreter", "{{ ansible_playbook_python }}");
        host.put("stackgate_prefix", "{{ undef(hint='the local inventory converges only into a scratch directory:"
                + " pass -e stackgate_prefix=/tmp/<dir>') }}");
        host.put("stackgate_manage_services", false);
        host.put("stackgate_install_packages", false);
        host.put("stackgate_imds_endpoint", "http://127.0.0.1:9");
        host.put("stackgate_instance_id", "local-" + t.name());
        host.put("stackgate_private_ip", "127.0.0.1");
        host.put("prometheus_replica", "local-1");
        host.put("prometheus_web_listen_address", layout.prometheus().get(0).toString());
        host.put("alertmanager_web_listen_address", layout.alertmanagers().get(0).web().toString());
        host.put("alertmanager_cluster_listen_address", layout.alertmanagers().get(0).cluster().toString());
        host.put("alertmanager_cluster_advertise_address", layout.alertmanagers().get(0).cluster().toString());
        host.put("alertmanager_peer_discovery", "none");
        host.put("grafana_ha_listen_address", grafana.host() + ":" + (grafana.port() + 1));
        host.put("grafana_ha_advertise_address", grafana.host() + ":" + (grafana.port() + 1));
        host.put("grafana_ha_peer_discovery", "none");
        host.put("node_exporter_listen_address", nodeExporter);
        Map<String, Object> children = new LinkedHashMap<>();
        for (String tier : TIERS) {
            children.put(tier, map("hosts", map("localhost", Map.of())));
        }
        return map("all", map("hosts", map("localhost", host), "children", children));
    }

    /**
     * The port node exporters listen on: that of the first EC2-discovery scrape job, in topology
     * order, whose name or tag value is {@code node} or {@code node-exporter} / {@code node_exporter}
     * (that job scrapes every tagged instance's exporter), else {@value #DEFAULT_NODE_EXPORTER_PORT}.
     * Jobs for applications, whatever their port, do not count.
     */
    public static int nodeExporterPort(Topology t) {
        return nodeExporterJob(t).map(j -> j.ec2Discovery().port()).orElse(DEFAULT_NODE_EXPORTER_PORT);
    }

    private static Optional<ScrapeJob> nodeExporterJob(Topology t) {
        return t.prometheus().scrapeJobs().stream()
                .filter(j -> j.ec2Discovery() != null)
                .filter(j -> NODE_EXPORTER_JOB.matcher(j.name()).matches()
                        || NODE_EXPORTER_JOB.matcher(j.ec2Discovery().tagValue()).matches())
                .findFirst();
    }

    /** See {@link #groupVars}: an SSM parameter name, never a literal password. */
    static String adminPasswordParameter(Topology t) {
        String parameter = t.grafana().adminPassword().ssmParameter();
        return parameter.isEmpty() ? "/" + t.name() + "/grafana/admin" : parameter;
    }

    /** See {@link #groupVars}: an SSM parameter name or {@code ""}, never a literal password. */
    static String databasePasswordParameter(Topology t) {
        Database db = t.grafana().database();
        Secret password = db.password();
        if (db.engine() == DatabaseEngine.SQLITE || password == null) {
            return "";
        }
        if (password.isLiteral()) {
            return "/" + t.name() + "/grafana/database";
        }
        return password.ssmParameter();
    }

    /** Unified-alerting HA peers exist only with more than one replica, as in the rendered grafana.ini. */
    private static boolean grafanaHa(Topology t) {
        return t.grafana().alertingHa() && t.grafana().replicas() > 1;
    }
}
