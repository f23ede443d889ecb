package io.stackgate.aws.target.internal;

import io.stackgate.aws.stack.Tier;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.ThanosFlags;
import io.stackgate.runtime.Binaries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command lines of an emulated instance, as the bootstrap starts them on AWS: every process bound to
 * the instance's private IP on the tier's AWS port, reading the shared config ({@code configDir}, the EFS
 * mount or the S3-synced copy), the replica label from the instance id, a Thanos sidecar beside Prometheus
 * when the query tier is on. Clocks are the deployment's tempo (the same compressed flags as the local
 * target's, so that checks take seconds).
 */
public final class NodeCommands {
    public static final int PROMETHEUS_PORT = 9090;
    public static final int ALERTMANAGER_PORT = 9093;
    public static final int GOSSIP_PORT = 9094;
    public static final int GRAFANA_PORT = 3000;
    /** Where query's endpoints file lives on a query instance's disk (the Ansible refresh writes it on AWS). */
    public static final String QUERY_ENDPOINTS = "thanos/endpoints.yml";

    private final Topology topology;
    private final Deployment.Aws deployment;
    private final Binaries binaries;
    private final ThanosFlags thanos;

    public NodeCommands(Topology topology, Deployment.Aws deployment, Binaries binaries) {
        this.topology = topology;
        this.deployment = deployment;
        this.binaries = binaries;
        this.thanos = ThanosFlags.of(topology, deployment);
    }

    /** Why {@code tier} cannot run here (a missing binary), or empty. */
    public Optional<String> unavailable(Tier tier) {
        String bin = switch (tier) {
            case PROMETHEUS -> "prometheus";
            case ALERTMANAGER -> "prometheus-alertmanager";
            case GRAFANA -> "grafana-server";
            case QUERY -> "thanos";
        };
        if (tier == Tier.PROMETHEUS && topology.query().enabled() && binaries.find("thanos").isEmpty()) {
            return Optional.of("no thanos binary for the sidecar (searched " + binaries.searched("thanos") + ")");
        }
        return binaries.find(bin).isPresent() ? Optional.empty()
                : Optional.of("no " + bin + " binary (searched " + binaries.searched(bin) + ")");
    }

    /** The HTTP port a tier's node answers on. */
    public static int port(Tier tier) {
        return switch (tier) {
            case PROMETHEUS -> PROMETHEUS_PORT;
            case ALERTMANAGER -> ALERTMANAGER_PORT;
            case GRAFANA -> GRAFANA_PORT;
            case QUERY -> ThanosFlags.HTTP_PORT;
        };
    }

    /**
     * The processes of a {@code tier} instance at {@code ip} with {@code disk}, reading {@code configDir};
     * {@code peers} are the Alertmanager instances' IPs (for the gossip cluster).
     */
    public List<InstanceHost.Part> tier(Tier tier, String instanceId, String ip, Path disk, Path configDir,
            List<String> peers) {
        return switch (tier) {
            case PROMETHEUS -> prometheus(instanceId, ip, disk, configDir);
            case ALERTMANAGER -> List.of(alertmanager(ip, disk, configDir, peers));
            case GRAFANA -> List.of(grafana(instanceId, ip, disk, configDir));
            case QUERY -> List.of(new InstanceHost.Part("query", cmd(binaries.require("thanos").toString(),
                    thanos.query(ip + ":" + ThanosFlags.HTTP_PORT, ip + ":" + ThanosFlags.GRPC_PORT,
                            disk.resolve(QUERY_ENDPOINTS).toString())), Map.of()));
        };
    }

    private List<InstanceHost.Part> prometheus(String instanceId, String ip, Path disk, Path configDir) {
        Path tsdb = disk.resolve("prometheus");
        List<String> cmd = new ArrayList<>(List.of(binaries.require("prometheus").toString(),
                "--config.file=" + configDir.resolve("prometheus/prometheus.yml"),
                "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=" + ip + ":" + PROMETHEUS_PORT, "--web.enable-lifecycle",
                "--enable-feature=expand-external-labels",
                // compressed tempo, as on the local target: firing alerts resent every 2 s
                "--rules.alert.resend-delay=2s",
                "--storage.tsdb.retention.time=" + topology.prometheus().retention().text()));
        List<InstanceHost.Part> parts = new ArrayList<>();
        if (topology.query().enabled()) {
            cmd.addAll(thanos.prometheus());
        }
        parts.add(new InstanceHost.Part("prometheus", cmd, Map.of("REPLICA", instanceId)));
        if (topology.query().enabled()) {
            parts.add(new InstanceHost.Part("sidecar", cmd(binaries.require("thanos").toString(),
                    thanos.sidecar("http://" + ip + ":" + PROMETHEUS_PORT, tsdb.toString(), ip + ":" + ThanosFlags.GRPC_PORT,
                            ip + ":" + ThanosFlags.HTTP_PORT)), Map.of()));
        }
        return parts;
    }

    private InstanceHost.Part alertmanager(String ip, Path disk, Path configDir, List<String> peers) {
        List<String> cmd = new ArrayList<>(List.of(binaries.require("prometheus-alertmanager").toString(),
                "--config.file=" + configDir.resolve("alertmanager/alertmanager.yml"),
                "--storage.path=" + disk.resolve("alertmanager"), "--web.listen-address=" + ip + ":" + ALERTMANAGER_PORT));
        if (topology.alertmanager().cluster() && topology.alertmanager().replicas() > 1) {
            cmd.add("--cluster.listen-address=" + ip + ":" + GOSSIP_PORT);
            cmd.add("--cluster.advertise-address=" + ip + ":" + GOSSIP_PORT);
            for (String peer : peers) {
                cmd.add("--cluster.peer=" + peer + ":" + GOSSIP_PORT);
            }
            // the local target's compressed gossip clocks: settles in about a second instead of six
            cmd.addAll(List.of("--cluster.gossip-interval=20ms", "--cluster.pushpull-interval=1s",
                    "--cluster.peer-timeout=1s", "--cluster.settle-timeout=5s"));
        } else {
            cmd.add("--cluster.listen-address=");
        }
        return new InstanceHost.Part("alertmanager", cmd, Map.of());
    }

    private InstanceHost.Part grafana(String instanceId, String ip, Path disk, Path configDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GF_SERVER_HTTP_ADDR", ip);
        env.put("GF_SERVER_HTTP_PORT", Integer.toString(GRAFANA_PORT));
        env.put("GF_SECURITY_ADMIN_PASSWORD", "stackgate-emulated-" + instanceId);
        // no database server runs in the emulator (moto's RDS starts none): each Grafana gets a sqlite file
        env.put("GF_DATABASE_TYPE", "sqlite3");
        env.put("STACKGATE_NODE_IP", ip);
        env.put("STACKGATE_GRAFANA_PEERS", "");
        return new InstanceHost.Part("grafana", List.of(binaries.require("grafana-server").toString(),
                "--homepath=/usr/share/grafana", "--config=" + configDir.resolve("grafana/grafana.ini"),
                "cfg:paths.data=" + disk.resolve("grafana"), "cfg:paths.logs=" + disk.resolve("grafana-logs")), env);
    }

    /** A node exporter for scrape job {@code job} on an application host. */
    public InstanceHost.Part appHost(ScrapeJob job, String ip) {
        return new InstanceHost.Part("node-exporter", List.of(binaries.require("prometheus-node-exporter").toString(),
                "--web.listen-address=" + ip + ":" + job.ec2Discovery().port(), "--collector.disable-defaults",
                "--collector.cpu", "--collector.loadavg", "--collector.meminfo"), Map.of());
    }

    private static List<String> cmd(String bin, List<String> args) {
        List<String> out = new ArrayList<>();
        out.add(bin);
        out.addAll(args);
        return out;
    }
}
