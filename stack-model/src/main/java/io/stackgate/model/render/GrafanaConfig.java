package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.Grafana;
import io.stackgate.model.RemoteCache;
import io.stackgate.model.Secret;
import io.stackgate.model.Topology;
import java.util.List;

/**
 * {@code grafana.ini} and the provisioning files. Secrets are never written: the ini reads them from
 * the environment, which the node fills from SSM at boot.
 */
final class GrafanaConfig {
    static final String DATASOURCE_UID = "stackgate-prometheus";
    static final String HA_PORT = "9094";

    private GrafanaConfig() {
    }

    static String ini(Topology t, Deployment d) {
        Grafana g = t.grafana();
        StringBuilder s = new StringBuilder();
        s.append("; Grafana configuration rendered by stackgate from topology \"").append(t.name()).append("\".\n")
                .append("; Do not edit: change the topology and run `stackgate generate` again.\n")
                .append("; Secrets are read from the environment ($__env{…}); the node fills it from SSM at boot.\n\n");
        s.append("[paths]\nprovisioning = ").append(d.configDir()).append("/grafana/provisioning\n\n");
        s.append("[server]\nhttp_port = 3000\n\n");
        s.append("[database]\n");
        if (g.database().engine() == DatabaseEngine.SQLITE) {
            s.append("type = sqlite3\npath = grafana.db\n\n");
        } else {
            s.append("type = ").append(g.database().engine() == DatabaseEngine.POSTGRES ? "postgres" : "mysql").append('\n')
                    .append("host = $__env{GF_DATABASE_HOST}\n")
                    .append("name = grafana\nuser = grafana\n")
                    .append("password = ").append(env(g.database().password(), "GF_DATABASE_PASSWORD")).append('\n')
                    .append(g.database().engine() == DatabaseEngine.POSTGRES ? "ssl_mode = require\n" : "ssl_mode = true\n")
                    .append('\n');
        }
        s.append("[remote_cache]\n");
        if (g.remoteCache() == RemoteCache.REDIS) {
            s.append("type = redis\nconnstr = $__env{GF_REMOTE_CACHE_CONNSTR}\n\n");
        } else {
            s.append("type = database\n\n");
        }
        s.append("[security]\nadmin_user = admin\n")
                .append("admin_password = ").append(env(g.adminPassword(), "GF_SECURITY_ADMIN_PASSWORD")).append('\n')
                .append("cookie_secure = ").append(d instanceof Deployment.Aws).append('\n')
                .append("disable_gravatar = true\n\n");
        s.append("[users]\nallow_sign_up = false\n\n[auth.anonymous]\nenabled = false\n\n");
        s.append("[analytics]\nreporting_enabled = false\ncheck_for_updates = false\n\n");
        s.append("[unified_alerting]\nenabled = true\n");
        if (g.alertingHa() && g.replicas() > 1) {
            if (d instanceof Deployment.Local l) {
                s.append("ha_peers = ").append(String.join(",", l.grafana().stream()
                        .map(e -> e.host() + ":" + (e.port() + 1)).toList())).append('\n');
            } else {
                // Peers are the other Grafana instances; the bootstrap writes their addresses (EC2 tag Tier=grafana).
                s.append("ha_peers = $__env{STACKGATE_GRAFANA_PEERS}\n")
                        .append("ha_listen_address = 0.0.0.0:").append(HA_PORT).append('\n')
                        .append("ha_advertise_address = $__env{STACKGATE_NODE_IP}:").append(HA_PORT).append('\n');
            }
        }
        s.append('\n');
        return s.toString();
    }

    private static String env(Secret secret, String defaultVar) {
        if (secret != null && secret.secretRef() != null && secret.secretRef().startsWith("env:")) {
            return "$__env{" + secret.secretRef().substring(4) + "}";
        }
        return "$__env{" + defaultVar + "}";
    }

    static String datasources(Topology t, Deployment d) {
        Object ds = map("name", "Prometheus", "uid", DATASOURCE_UID, "type", "prometheus", "access", "proxy",
                "url", d.datasourceUrl(), "isDefault", true, "version", 1, "editable", false,
                "jsonData", map("httpMethod", "POST", "timeInterval", Tempos.scrapeInterval(t, d)));
        String what = t.query().enabled() ? "the Thanos query tier, deduplicating the replicas"
                : "the internal Prometheus load balancer";
        return Yaml.write(Yaml.header("Grafana datasource (" + what + ")", t.name()),
                map("apiVersion", 1, "datasources", List.of(ds)));
    }

    static String dashboardProviders(Topology t, Deployment d) {
        Object provider = map("name", "stackgate", "orgId", 1, "folder", "stackgate", "type", "file",
                "disableDeletion", true, "allowUiUpdates", false, "updateIntervalSeconds", 60,
                "options", map("path", d.configDir() + "/grafana/dashboards"));
        return Yaml.write(Yaml.header("Grafana dashboard provider", t.name()),
                map("apiVersion", 1, "providers", List.of(provider)));
    }
}
