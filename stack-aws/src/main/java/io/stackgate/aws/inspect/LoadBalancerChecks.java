package io.stackgate.aws.inspect;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Listener;
import io.stackgate.aws.discovery.DiscoveredStack.LoadBalancer;
import io.stackgate.aws.discovery.DiscoveredStack.TargetGroup;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.Tls;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.FindingCode;
import java.util.List;
import java.util.Optional;

/** Target groups (health checks, failover budget, tags) and load balancers (listeners, TLS, AZs). */
final class LoadBalancerChecks {
    private final Topology t;
    private final StackNames names;
    private final DiscoveredStack s;

    LoadBalancerChecks(Topology t, StackNames names, DiscoveredStack s) {
        this.t = t;
        this.names = names;
        this.s = s;
    }

    void run(List<Finding> out) {
        for (Tier tier : Tier.of(t)) {
            if (tier.loadBalanced(t)) {
                targetGroup(out, tier);
            }
        }
        if (t.loadBalancers().publicLb().enabled()) {
            find(names.publicLoadBalancer()).ifPresentOrElse(lb -> publicLb(out, lb),
                    () -> missing(out, names.publicLoadBalancer(), "Grafana has no public load balancer"));
        }
        if (t.loadBalancers().internalEnabled()) {
            find(names.internalLoadBalancer()).ifPresentOrElse(lb -> internalLb(out, lb),
                    () -> missing(out, names.internalLoadBalancer(), "Grafana's datasource has no internal load balancer"));
        }
        // Any internet-facing balancer of the stack forwarding plain HTTP is the same defect as in the model.
        for (LoadBalancer lb : s.loadBalancers()) {
            if (lb.internetFacing()) {
                for (Listener l : lb.listeners()) {
                    if ("HTTP".equals(l.protocol()) && !"redirect".equals(l.actionType())) {
                        out.add(FindingCode.SEC_PUBLIC_PLAINTEXT.at(path(lb) + "/listener/" + l.port(),
                                "internet-facing listener on port " + l.port() + " forwards plain HTTP: Grafana logins and "
                                        + "session cookies cross the internet unencrypted",
                                "make port " + l.port() + " redirect to HTTPS (http_redirect listener) or remove it"));
                    }
                }
            }
        }
    }

    private Optional<LoadBalancer> find(String name) {
        return s.loadBalancers().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private static String path(LoadBalancer lb) {
        return "aws:elasticloadbalancing:load-balancer/" + lb.name();
    }

    private void missing(List<Finding> out, String name, String what) {
        out.add(DriftCode.DRIFT_MISSING.at("aws:elasticloadbalancing:load-balancer/" + name, what + " (" + name + ")",
                "run terraform apply for this stack (modules/load-balancing)"));
    }

    private void common(List<Finding> out, LoadBalancer lb) {
        Tags.require(out, path(lb), lb.tags(), "Stack", t.name());
        if (lb.availabilityZones().size() < 2) {
            out.add(FindingCode.HA_SINGLE_AZ.at(path(lb) + "/availability-zones", "load balancer " + lb.name()
                    + " serves from " + lb.availabilityZones() + " only: losing that zone takes the endpoint down",
                    "attach one subnet per AZ of the topology " + t.availabilityZones()));
        }
    }

    private void publicLb(List<Finding> out, LoadBalancer lb) {
        common(out, lb);
        Optional<Listener> https = lb.listeners().stream().filter(l -> "HTTPS".equals(l.protocol())).findFirst();
        if (https.isEmpty()) {
            out.add(FindingCode.SEC_PUBLIC_PLAINTEXT.at(path(lb), "the public load balancer has no HTTPS listener: Grafana "
                    + "is reachable from the internet only in plaintext or not at all",
                    "add the HTTPS listener with the topology's certificate (terraform apply)"));
            return;
        }
        Tls tls = t.loadBalancers().publicLb().tls();
        if (tls != null && !https.get().sslPolicy().orElse("").equals(tls.sslPolicy())) {
            out.add(DriftCode.DRIFT_TLS_POLICY.at(path(lb) + "/listener/" + https.get().port() + "/ssl-policy",
                    "the HTTPS listener uses " + https.get().sslPolicy().orElse("no policy") + ", the model's minimum "
                            + tls.minVersion().yamlName() + " means " + tls.sslPolicy()
                            + ": clients may negotiate older protocols or ciphers than the model allows",
                    "set the listener's ssl_policy to " + tls.sslPolicy() + " (terraform apply)"));
        }
    }

    private void internalLb(List<Finding> out, LoadBalancer lb) {
        common(out, lb);
        if (lb.listeners().stream().noneMatch(l -> l.port() == Tier.PROMETHEUS.port())) {
            out.add(DriftCode.DRIFT_MISSING.at(path(lb) + "/listener/" + Tier.PROMETHEUS.port(),
                    "the internal load balancer has no listener on " + Tier.PROMETHEUS.port()
                            + ": Grafana's Prometheus datasource gets no answer",
                    "add the Prometheus listener (terraform apply)"));
        }
    }

    private void targetGroup(List<Finding> out, Tier tier) {
        Optional<TargetGroup> found = s.targetGroups().stream().filter(x -> x.name().equals(names.targetGroup(tier))).findFirst();
        String base = "aws:elasticloadbalancing:target-group/" + names.targetGroup(tier);
        if (found.isEmpty()) {
            out.add(DriftCode.DRIFT_MISSING.at(base, "the " + tier.id() + " tier has no target group "
                    + names.targetGroup(tier) + ": its load balancer has nothing to route to",
                    "run terraform apply for this stack (modules/load-balancing)"));
            return;
        }
        TargetGroup tg = found.get();
        Tags.require(out, base, tg.tags(), "Stack", t.name());
        Tags.require(out, base, tg.tags(), "Tier", tier.id());
        HealthCheck h = t.loadBalancers().healthCheck();
        field(out, base, "interval", tg.intervalSeconds(), h.intervalSeconds());
        field(out, base, "timeout", tg.timeoutSeconds(), h.timeoutSeconds());
        field(out, base, "healthy-threshold", tg.healthyThreshold(), h.healthyThreshold());
        field(out, base, "unhealthy-threshold", tg.unhealthyThreshold(), h.unhealthyThreshold());
        tg.deregistrationDelaySeconds().ifPresent(d -> field(out, base, "deregistration-delay", d, h.deregistrationDelaySeconds()));
        String expectedPath = tier.healthPath().orElseThrow();
        if (!expectedPath.equals(tg.healthCheckPath())) {
            out.add(DriftCode.DRIFT_HEALTH_CHECK.at(base + "/health-check/path", "the health check asks "
                    + tg.healthCheckPath() + ", the " + tier.id() + " tier answers readiness on " + expectedPath,
                    "set the health check path to " + expectedPath + " (terraform apply)"));
        }
        int detection = tg.intervalSeconds() * tg.unhealthyThreshold();
        if (detection > t.loadBalancers().failoverBudgetSeconds()) {
            out.add(FindingCode.LB_FAILOVER_BUDGET.at(base + "/health-check", "the deployed health check takes up to "
                    + detection + " s (" + tg.intervalSeconds() + " s × " + tg.unhealthyThreshold() + ") to take a dead "
                    + tier.id() + " out, over the failover budget of " + t.loadBalancers().failoverBudgetSeconds() + " s",
                    "lower the interval or the unhealthy threshold to the topology's values"));
        }
    }

    private static void field(List<Finding> out, String base, String name, int actual, int expected) {
        if (actual != expected) {
            out.add(DriftCode.DRIFT_HEALTH_CHECK.at(base + "/health-check/" + name, "the target group's " + name + " is "
                    + actual + ", the topology says " + expected + ": the balancer ejects and readmits nodes on other "
                    + "timings than the ones stackgate verified",
                    "set " + name + " back to " + expected + " (terraform apply), or change loadBalancers.healthCheck"));
        }
    }
}
