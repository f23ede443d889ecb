package io.stackgate.terraform;

import io.stackgate.model.Cidr;
import io.stackgate.model.Grafana;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.LoadBalancers;
import io.stackgate.model.Prometheus;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the inputs of the static Terraform root module ({@code terraform/variables.tf}) for a
 * topology: a bundle with exactly one file, {@value #PATH}.
 *
 * <p>The file holds exactly the root module's required ("contract") variables, in the order
 * {@code variables.tf} declares them, and none of the optional ones: {@code name}, {@code region},
 * {@code availability_zones}, {@code vpc_cidr}, {@code prometheus}, {@code alertmanager},
 * {@code grafana}, {@code public_lb}, {@code internal_lb}, {@code health_check}, {@code query},
 * {@code ssh_from_cidrs}, {@code imds_v2_required}. Layout: two-space indent, arrays of scalars on
 * one line, {@code "\n"} line ends, a trailing newline; equal topologies give identical bytes.
 *
 * <p><b>Nothing secret is ever written.</b> Grafana's admin password is passed as an SSM parameter
 * name ({@code grafana.admin_password_ssm_parameter}): the parameter of an {@code ssm:} reference, and
 * for anything else (a literal password, a {@code secretsmanager:} or {@code env:} reference) the
 * default name {@code /<name>/grafana/admin}, never the literal. Receiver URLs and database
 * passwords are not Terraform inputs at all.
 *
 * <p>The values are the topology's, unfiltered: a topology with findings (IMDSv1, a TSDB on EFS, a
 * plaintext public load balancer, …) gives a file that Terraform's variable validations refuse at
 * plan time, which is the second line of defence after {@link io.stackgate.model.validate.Validator}.
 * A public load balancer that is disabled or has no TLS gets {@code certificate_arn = ""} and the
 * TLS 1.2 policy {@value #TLS12_POLICY}.
 */
public final class TfvarsGenerator {
    /** Where the file goes in a bundle (and, relative to the output directory, on disk). */
    public static final String PATH = "terraform/stack.auto.tfvars.json";
    /** The ELB policy for a TLS 1.2 floor; the same value as {@code Tls.sslPolicy()} for TLS1.2. */
    public static final String TLS12_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /** A bundle with exactly {@value #PATH}. Never fails for a {@link Topology} that exists. */
    public Bundle render(Topology t) {
        return Bundle.builder().text(PATH, JsonText.write(variables(t))).build();
    }

    /**
     * The variables as an ordered map (String, Integer, Boolean, List, Map values) — what
     * {@link #render} writes, for callers that pass them on another way.
     */
    public Map<String, Object> variables(Topology t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", t.name());
        v.put("region", t.region());
        v.put("availability_zones", List.copyOf(t.availabilityZones()));
        v.put("vpc_cidr", t.network().vpcCidr().text());
        v.put("prometheus", prometheus(t.prometheus()));
        v.put("alertmanager", object("replicas", t.alertmanager().replicas(),
                "instance_type", t.alertmanager().instanceType()));
        v.put("grafana", grafana(t.name(), t.grafana()));
        v.put("public_lb", publicLb(t.loadBalancers().publicLb()));
        v.put("internal_lb", object("enabled", t.loadBalancers().internalEnabled()));
        v.put("health_check", healthCheck(t.loadBalancers()));
        v.put("query", object("enabled", t.query().enabled(), "replicas", t.query().replicas(),
                "instance_type", Query.INSTANCE_TYPE));
        v.put("ssh_from_cidrs", cidrs(t.security().sshFromCidrs()));
        v.put("imds_v2_required", t.security().imdsV2());
        return v;
    }

    /** The SSM parameter Grafana's admin password is read from; see the class comment. */
    static String adminPasswordParameter(String stackName, Grafana g) {
        String parameter = g.adminPassword().ssmParameter();
        return parameter.isEmpty() ? "/" + stackName + "/grafana/admin" : parameter;
    }

    private static Map<String, Object> prometheus(Prometheus p) {
        return object("replicas", p.replicas(),
                "instance_type", p.instanceType(),
                "storage_type", p.storage().type().yamlName(),
                "storage_size_gib", p.storage().sizeGiB(),
                "config_store", p.configStore().yamlName(),
                "retention", p.retention().text(),
                "scrape_interval", p.scrapeInterval().text(),
                "replica_label", p.replicaLabel());
    }

    private static Map<String, Object> grafana(String stackName, Grafana g) {
        return object("replicas", g.replicas(),
                "instance_type", g.instanceType(),
                "database_engine", g.database().engine().yamlName(),
                "remote_cache", g.remoteCache().yamlName(),
                "admin_password_ssm_parameter", adminPasswordParameter(stackName, g));
    }

    private static Map<String, Object> publicLb(PublicLoadBalancer lb) {
        boolean tls = lb.enabled() && lb.tls() != null;
        return object("enabled", lb.enabled(),
                "certificate_arn", tls ? lb.tls().certificateArn() : "",
                "ssl_policy", tls ? lb.tls().sslPolicy() : TLS12_POLICY,
                "allowed_cidrs", cidrs(lb.allowedCidrs()));
    }

    private static Map<String, Object> healthCheck(LoadBalancers lbs) {
        HealthCheck h = lbs.healthCheck();
        return object("interval_seconds", h.intervalSeconds(),
                "timeout_seconds", h.timeoutSeconds(),
                "healthy_threshold", h.healthyThreshold(),
                "unhealthy_threshold", h.unhealthyThreshold(),
                "deregistration_delay_seconds", h.deregistrationDelaySeconds());
    }

    private static List<String> cidrs(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::text).toList();
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
