package io.stackgate.model.render;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import java.util.List;

/**
 * {@code haproxy.cfg} for the local replica's load balancers: the internal one in front of the
 * Prometheus replicas (Grafana's datasource) and the public one in front of Grafana. Active health
 * checks on {@code /-/ready} (Grafana: {@code /api/health}) with the topology's interval and
 * thresholds; {@code retry-on all-retryable-errors} with {@code redispatch} so that a request in
 * flight on a node that dies is retried on another one instead of failing.
 */
final class HaproxyConfig {
    private HaproxyConfig() {
    }

    static String render(Topology t, Deployment.Local d) {
        HealthCheck hc = t.loadBalancers().healthCheck();
        Integer interMillis = d.tempo().checkIntervalMillis();
        String inter = interMillis != null ? interMillis + "ms" : hc.intervalSeconds() + "s";
        Integer timeoutMillis = d.tempo().lbTimeoutMillis();
        String timeout = timeoutMillis != null ? timeoutMillis + "ms" : hc.timeoutSeconds() + "s";
        StringBuilder s = new StringBuilder();
        s.append("# HAProxy for the local replica of topology \"").append(t.name()).append("\", rendered by stackgate.\n")
                .append("# Health checks: every ").append(inter).append(", down after ").append(hc.unhealthyThreshold())
                .append(" failures, up after ").append(hc.healthyThreshold()).append(" successes.\n");
        s.append("global\n    maxconn 4096\n\n");
        s.append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 1s\n")
                .append("    timeout client 30s\n")
                .append("    timeout server ").append(timeout).append('\n')
                .append("    timeout check ").append(timeout).append('\n')
                .append("    retries 3\n")
                .append("    option redispatch 1\n")
                .append("    retry-on all-retryable-errors\n")
                .append("    default-server inter ").append(inter).append(" fall ").append(hc.unhealthyThreshold())
                .append(" rise ").append(hc.healthyThreshold()).append('\n')
                .append('\n');
        s.append("frontend stats\n    bind ").append(d.lbStats()).append("\n    stats enable\n    stats uri /stats\n")
                .append("    stats refresh 5s\n\n");
        frontend(s, "prometheus_internal", d.prometheusLb(), "prometheus");
        backend(s, "prometheus", "/-/ready", d.prometheus());
        frontend(s, "grafana_public", d.publicLb(), "grafana");
        backend(s, "grafana", "/api/health", d.grafana());
        if (t.prometheus().alertmanagers() == AlertmanagerRouting.LOAD_BALANCER) {
            frontend(s, "alertmanager_lb", d.alertmanagerLb(), "alertmanager");
            backend(s, "alertmanager", "/-/ready", d.alertmanagers().stream().map(a -> a.web()).toList());
        }
        return s.toString();
    }

    private static void frontend(StringBuilder s, String name, Endpoint bind, String backend) {
        s.append("frontend ").append(name).append('\n')
                .append("    bind ").append(bind).append('\n')
                .append("    default_backend ").append(backend).append("\n\n");
    }

    private static void backend(StringBuilder s, String name, String path, List<Endpoint> servers) {
        s.append("backend ").append(name).append('\n')
                .append("    balance roundrobin\n")
                .append("    option httpchk GET ").append(path).append('\n')
                .append("    http-check expect status 200\n");
        for (int i = 0; i < servers.size(); i++) {
            s.append("    server ").append(name).append('-').append(i + 1).append(' ').append(servers.get(i))
                    .append(" check\n");
        }
        s.append('\n');
    }
}
