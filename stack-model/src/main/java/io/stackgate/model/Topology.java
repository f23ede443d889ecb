package io.stackgate.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The one source of truth: an HA Prometheus + Alertmanager + Grafana stack in one AWS region.
 * Immutable; construction checks every range and format, so a {@code Topology} that exists is
 * well-formed (it may still have HA or security findings, which the validator reports).
 */
public record Topology(String name, String region, List<String> availabilityZones, Network network,
        Prometheus prometheus, Alertmanager alertmanager, Grafana grafana, LoadBalancers loadBalancers,
        Security security, Query query) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");

    public Topology {
        checkName(name);
        Checks.matches("region", region, REGION, "an AWS region such as us-east-1");
        availabilityZones = Checks.list("availabilityZones", availabilityZones);
        if (availabilityZones.isEmpty()) {
            throw new TopologyException("availabilityZones", "needs at least one availability zone, e.g. ["
                    + region + "a, " + region + "b]");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < availabilityZones.size(); i++) {
            String az = availabilityZones.get(i);
            if (!az.matches(Pattern.quote(region) + "[a-z]")) {
                throw new TopologyException("availabilityZones[" + i + "]", "\"" + az
                        + "\" is not an availability zone of region " + region + " (expected " + region + "a, "
                        + region + "b, …)");
            }
            if (!seen.add(az)) {
                throw new TopologyException("availabilityZones[" + i + "]", "\"" + az + "\" is listed twice");
            }
        }
        Checks.required("network", network);
        try {
            network.subnetPlan(availabilityZones.size());
        } catch (TopologyException e) {
            throw new TopologyException("network." + e.field(), e.reason());
        }
        Checks.required("prometheus", prometheus);
        Checks.required("alertmanager", alertmanager);
        Checks.required("grafana", grafana);
        Checks.required("loadBalancers", loadBalancers);
        Checks.required("security", security);
        Checks.required("query", query);
        if (query.enabled() && !loadBalancers.internalEnabled()) {
            // Terraform refuses the same combination (variables.tf, variable "query")
            throw new TopologyException("query.layer", "thanos needs loadBalancers.internal.enabled: true (Grafana "
                    + "reaches the query tier through the internal load balancer); enable it or set query.layer: none");
        }
    }

    /**
     * The failed requests a failover may cost: the topology's {@code loadBalancers.maxFailedRequests} when
     * given; otherwise 0 with a query tier (it routes around a lost replica, so nothing needs to fail) and
     * no limit without one (a balancer in front of the replicas fails the requests in flight on a dead
     * replica until its health checks eject it; {@code failoverBudgetSeconds} judges that window).
     */
    public OptionalInt maxFailedRequests() {
        OptionalInt explicit = loadBalancers.explicitMaxFailedRequests();
        if (explicit.isPresent()) {
            return explicit;
        }
        return query.enabled() ? OptionalInt.of(0) : OptionalInt.empty();
    }

    /**
     * Checks a stack name: 2-31 lower-case letters, digits or '-', starting with a letter.
     *
     * @throws TopologyException naming the field {@code name}
     */
    public static String checkName(String name) {
        return Checks.matches("name", name, NAME, "2-31 lower-case letters, digits or '-', starting with a letter");
    }

    /** The subnets derived for this topology's AZs. */
    public Network.SubnetPlan subnets() {
        return network.subnetPlan(availabilityZones.size());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fluent builder: {@code Topology.builder().name("obs").region("us-east-1").availabilityZones(...).build()}. */
    public static final class Builder {
        private String name;
        private String region = "us-east-1";
        private List<String> availabilityZones;
        private Network network = new Network(Cidr.parse("10.40.0.0/16"));
        private Prometheus.Builder prometheus = Prometheus.builder();
        private Alertmanager.Builder alertmanager = Alertmanager.builder();
        private Grafana.Builder grafana = Grafana.builder();
        private PublicLoadBalancer publicLb = new PublicLoadBalancer(false, null, List.of());
        private boolean internalLb = true;
        private HealthCheck healthCheck = HealthCheck.defaults();
        private int failoverBudgetSeconds = 60;
        private Integer maxFailedRequests;
        private BalancerSemantics semantics = BalancerSemantics.ALB;
        private Security security = Security.defaults();
        private Query query = Query.defaults();

        private Builder() {
        }

        private Builder(Topology t) {
            name = t.name;
            region = t.region;
            availabilityZones = new ArrayList<>(t.availabilityZones);
            network = t.network;
            prometheus = t.prometheus.toBuilder();
            alertmanager = t.alertmanager.toBuilder();
            grafana = t.grafana.toBuilder();
            publicLb = t.loadBalancers.publicLb();
            internalLb = t.loadBalancers.internalEnabled();
            healthCheck = t.loadBalancers.healthCheck();
            failoverBudgetSeconds = t.loadBalancers.failoverBudgetSeconds();
            maxFailedRequests = t.loadBalancers.maxFailedRequests();
            semantics = t.loadBalancers.semantics();
            security = t.security;
            query = t.query;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder availabilityZones(String... v) { availabilityZones = List.of(v); return this; }
        public Builder availabilityZones(List<String> v) { availabilityZones = new ArrayList<>(v); return this; }
        public Builder vpcCidr(String v) { network = new Network(Cidr.parse(v)); return this; }
        public Builder network(Network v) { network = v; return this; }
        public Builder prometheus(UnaryOperator<Prometheus.Builder> f) { prometheus = f.apply(prometheus); return this; }
        public Builder alertmanager(UnaryOperator<Alertmanager.Builder> f) { alertmanager = f.apply(alertmanager); return this; }
        public Builder grafana(UnaryOperator<Grafana.Builder> f) { grafana = f.apply(grafana); return this; }
        public Builder publicLoadBalancer(PublicLoadBalancer v) { publicLb = v; return this; }
        public Builder internalLoadBalancer(boolean v) { internalLb = v; return this; }
        public Builder healthCheck(HealthCheck v) { healthCheck = v; return this; }
        public Builder failoverBudgetSeconds(int v) { failoverBudgetSeconds = v; return this; }
        public Builder security(Security v) { security = v; return this; }
        /** {@code loadBalancers.maxFailedRequests}; {@code null} leaves the default ({@link Topology#maxFailedRequests()}). */
        public Builder maxFailedRequests(Integer v) { maxFailedRequests = v; return this; }
        public Builder balancerSemantics(BalancerSemantics v) { semantics = v; return this; }
        public Builder query(Query v) { query = v; return this; }

        /**
         * Builds the topology.
         *
         * @throws TopologyException naming the first key whose value is out of range or malformed
         */
        public Topology build() {
            checkName(name);
            List<String> azs = availabilityZones != null ? availabilityZones : List.of(region + "a", region + "b");
            return new Topology(name, region, azs, network, prometheus.build(), alertmanager.build(),
                    grafana.build(name), new LoadBalancers(publicLb, internalLb, healthCheck, failoverBudgetSeconds,
                    maxFailedRequests, semantics), security, query);
        }
    }
}
