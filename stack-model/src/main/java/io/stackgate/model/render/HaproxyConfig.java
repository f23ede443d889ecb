package io.stackgate.model.render;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Balancer;
import io.stackgate.model.render.Deployment.Endpoint;
import java.util.List;

/**
 * {@code haproxy.cfg} for the local replica's load balancers: the internal one in front of the Prometheus
 * replicas, the query tier's frontend (Grafana's datasource when there is one) and the public one in front
 * of Grafana.
 *
 * <p>By default it behaves like an ALB (DESIGN.md, "Fidelity"), so that the rehearsal is not better than AWS:
 * <ul>
 *   <li>a request that fails on a target is not retried on another one ({@code retries 0}, no
 *       {@code redispatch}, no {@code retry-on}): the client gets the 502/503/504;</li>
 *   <li>round-robin over the registered targets; a target leaves rotation only when active health checks
 *       ({@code inter}/{@code timeout check}/{@code fall}/{@code rise} from the topology, on the
 *       {@link Balancer}'s clock) mark it down;</li>
 *   <li>{@code timeout server} is the ALB's idle timeout (60 s, scaled), not the health-check timeout;</li>
 *   <li>connections to targets are pooled and shared by every client ({@code http-reuse always}), as an ALB
 *       keeps its target connections: a request sent to a target that went silent waits for the idle timeout;</li>
 *   <li>deregistration drains: the runtime API ({@code stats socket} on {@link Deployment.Local#lbRuntimeApi()},
 *       admin level) takes {@code set server <backend>/<server> state drain}, then {@code state maint}
 *       after {@link Balancer#drainMillis()};</li>
 *   <li>fail-open: when no target of a backend is usable, the frontend routes to a twin backend that holds
 *       the same servers without health checks, as an ALB routes to all targets when all are unhealthy.
 *       A twin backend (rather than {@code backup} servers) keeps the health-checked backend's stats
 *       holding exactly the registered targets.</li>
 * </ul>
 * With {@code loadBalancers.semantics: retrying} (the user's explicit choice) it renders the retrying
 * balancer instead: {@code retries 3}, {@code option redispatch}, {@code retry-on all-retryable-errors}.
 */
final class HaproxyConfig {
    /** Suffix of a backend's fail-open twin. */
    static final String FAIL_OPEN = "_failopen";

    private HaproxyConfig() {
    }

    static String render(Topology t, Deployment.Local d) {
        Balancer b = d.balancer();
        boolean retrying = b.semantics() == BalancerSemantics.RETRYING;
        StringBuilder s = new StringBuilder();
        s.append("# HAProxy for the local replica of topology \"").append(t.name()).append("\", rendered by stackgate.\n")
                .append("# Semantics: ").append(retrying
                        ? "RETRYING (chosen in the topology): failed requests are retried on another target; "
                                + "AWS's ALB does not do this."
                        : "ALB: no retry on another target, health checks alone eject, fail-open when all are down.")
                .append('\n')
                .append("# Health checks: every ").append(b.intervalMillis()).append("ms (timeout ")
                .append(b.checkTimeoutMillis()).append("ms), down after ").append(b.unhealthyThreshold())
                .append(" failures, up after ").append(b.healthyThreshold()).append(" successes; clock scale ")
                .append(scale(b.clockScale())).append(" of the topology's.\n");
        s.append("global\n    maxconn 4096\n")
                .append("    # runtime API: drain a server on deregistration (set server <backend>/<server> state drain)\n")
                .append("    stats socket ipv4@").append(d.lbRuntimeApi()).append(" level admin\n\n");
        s.append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect ").append(b.connectTimeoutMillis()).append("ms\n")
                .append("    timeout client ").append(b.idleTimeoutMillis()).append("ms\n")
                .append("    timeout server ").append(b.idleTimeoutMillis()).append("ms\n")
                .append("    timeout check ").append(b.checkTimeoutMillis()).append("ms\n");
        if (retrying) {
            s.append("    retries 3\n")
                    .append("    option redispatch 1\n")
                    .append("    retry-on all-retryable-errors\n");
        } else {
            // an ALB keeps connections to its targets open and sends any client's request over them: a
            // request routed to a target that went silent waits on such a connection for the idle timeout
            s.append("    retries 0\n")
                    .append("    http-reuse always\n");
        }
        s.append("    default-server inter ").append(b.intervalMillis()).append("ms fall ").append(b.unhealthyThreshold())
                .append(" rise ").append(b.healthyThreshold()).append('\n')
                .append('\n');
        s.append("frontend stats\n    bind ").append(d.lbStats()).append("\n    stats enable\n    stats uri /stats\n")
                .append("    stats refresh 5s\n\n");
        balanced(s, retrying, "prometheus_internal", d.prometheusLb(), "prometheus", "/-/ready", d.prometheus());
        if (d.hasQueryTier()) {
            balanced(s, retrying, "query_internal", d.queryLb(), "query", "/-/ready",
                    d.queries().stream().map(Deployment.QueryEndpoint::http).toList());
        }
        balanced(s, retrying, "grafana_public", d.publicLb(), "grafana", "/api/health", d.grafana());
        if (t.prometheus().alertmanagers() == AlertmanagerRouting.LOAD_BALANCER) {
            balanced(s, retrying, "alertmanager_lb", d.alertmanagerLb(), "alertmanager", "/-/ready",
                    d.alertmanagers().stream().map(a -> a.web()).toList());
        }
        return s.toString();
    }

    private static void balanced(StringBuilder s, boolean retrying, String frontend, Endpoint bind, String backend,
            String path, List<Endpoint> servers) {
        s.append("frontend ").append(frontend).append('\n')
                .append("    bind ").append(bind).append('\n');
        if (!retrying) {
            s.append("    use_backend ").append(backend).append(FAIL_OPEN).append(" if { nbsrv(").append(backend)
                    .append(") eq 0 }\n");
        }
        s.append("    default_backend ").append(backend).append("\n\n");
        s.append("backend ").append(backend).append('\n')
                .append("    balance roundrobin\n")
                .append("    option httpchk GET ").append(path).append('\n')
                .append("    http-check expect status 200\n");
        servers(s, backend, servers, " check");
        s.append('\n');
        if (!retrying) {
            s.append("# every target unhealthy: route to all of them, as an ALB fails open\n")
                    .append("backend ").append(backend).append(FAIL_OPEN).append('\n')
                    .append("    balance roundrobin\n");
            servers(s, backend, servers, "");
            s.append('\n');
        }
    }

    private static void servers(StringBuilder s, String name, List<Endpoint> servers, String options) {
        for (int i = 0; i < servers.size(); i++) {
            s.append("    server ").append(name).append('-').append(i + 1).append(' ').append(servers.get(i))
                    .append(options).append('\n');
        }
    }

    private static String scale(double scale) {
        return scale == 1.0 ? "1" : "1/" + Math.round(1 / scale);
    }
}
