package io.stackgate.aws.stack;

import io.stackgate.model.Cidr;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.RemoteCache;
import io.stackgate.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stack's security groups and every rule they hold, as terraform/modules/security/
 * security_groups.tf declares them ({@code local.groups}, {@code local.flows} and the CIDR rules):
 * a flow between two groups is an egress rule on the source and an ingress rule on the destination.
 * The deployer creates exactly these rules; the inspector reports every ingress rule outside them.
 */
public record NetworkPolicy(Map<String, String> groups, List<Rule> rules) {
    public static final int SSH = 22;
    public static final int NODE_EXPORTER = 9100;
    /** A Thanos sidecar's Store API (gRPC) on every Prometheus node: the query tier's only. */
    public static final int THANOS_GRPC = 10901;
    /** thanos query's HTTP API: the internal balancer's only. */
    public static final int THANOS_HTTP = 10902;

    public NetworkPolicy {
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        rules = List.copyOf(rules);
    }

    /** Where a rule lets traffic come from (ingress) or go to (egress): another stack group or a CIDR. */
    public record Peer(String group, String cidr) {
        public Peer {
            if ((group == null) == (cidr == null)) {
                throw new IllegalArgumentException("a peer is a group or a CIDR");
            }
        }

        public static Peer group(String key) {
            return new Peer(key, null);
        }

        public static Peer cidr(String block) {
            return new Peer(null, block);
        }

        public boolean isGroup() {
            return group != null;
        }

        @Override
        public String toString() {
            return isGroup() ? "group " + group : cidr;
        }
    }

    /** One rule on {@code group}: ingress from or egress to {@code peer}, {@code protocol} tcp/udp, ports inclusive. */
    public record Rule(String group, boolean ingress, String protocol, int fromPort, int toPort, Peer peer,
            String description) {
        public Rule {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * The policy for {@code t}, with {@code vpcCidr} as the VPC block (the scrape egress default; the
     * emulated VPC's block differs from the topology's).
     */
    public static NetworkPolicy of(Topology t, Cidr vpcCidr) {
        boolean publicLb = t.loadBalancers().publicLb().enabled();
        boolean internalLb = t.loadBalancers().internalEnabled();
        DatabaseEngine engine = t.grafana().database().engine();
        boolean database = engine != DatabaseEngine.SQLITE;
        boolean redis = t.grafana().remoteCache() == RemoteCache.REDIS;
        int databasePort = engine == DatabaseEngine.MYSQL ? 3306 : 5432;

        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("prometheus", "Prometheus replicas: queried by the internal load balancer, scraped by each other");
        groups.put("alertmanager", "Alertmanager cluster: receives alerts from every Prometheus, gossips with its peers");
        groups.put("grafana", "Grafana replicas: served by the public load balancer, gossip for unified alerting HA");
        groups.put("efs", "EFS mount targets of the shared config: NFS from the nodes only");
        if (publicLb) {
            groups.put("public_lb", "Public load balancer: HTTPS from the allowed CIDRs, HTTP only to redirect");
        }
        if (internalLb) {
            groups.put("internal_lb", "Internal load balancer: Grafana's Prometheus datasource");
        }
        if (database) {
            groups.put("database", "Grafana database: SQL from Grafana only");
        }
        if (t.query().enabled()) {
            groups.put("query", "Thanos query tier: reads every Prometheus sidecar, served by the internal load balancer");
        }
        if (redis) {
            groups.put("redis", "Grafana remote cache: Redis from Grafana only");
        }

        List<Rule> rules = new ArrayList<>();
        flow(rules, "prometheus", "prometheus", 9090, "tcp", "Prometheus replicas scrape each other's /metrics (meta-monitoring, not federation)");
        flow(rules, "prometheus", "alertmanager", 9093, "tcp", "Prometheus sends alerts to every Alertmanager directly and scrapes its /metrics");
        flow(rules, "prometheus", "grafana", 3000, "tcp", "Prometheus scrapes Grafana's /metrics");
        flow(rules, "alertmanager", "alertmanager", 9094, "tcp", "Alertmanager cluster gossip (TCP) between peers");
        flow(rules, "alertmanager", "alertmanager", 9094, "udp", "Alertmanager cluster gossip (UDP) between peers");
        flow(rules, "grafana", "grafana", 9094, "tcp", "Grafana unified alerting HA gossip (TCP) between replicas");
        flow(rules, "grafana", "grafana", 9094, "udp", "Grafana unified alerting HA gossip (UDP) between replicas");
        for (Tier tier : Tier.of(t)) {
            flow(rules, "prometheus", tier.id(), NODE_EXPORTER, "tcp", "Prometheus scrapes node_exporter on the " + tier.id() + " nodes");
        }
        for (Tier tier : Tier.of(t)) {
            flow(rules, tier.id(), "efs", 2049, "tcp", tier.id() + " nodes mount the shared config from EFS (NFS)");
        }
        if (publicLb) {
            flow(rules, "public_lb", "grafana", 3000, "tcp", "Public load balancer forwards requests and health checks to Grafana");
        }
        if (internalLb) {
            flow(rules, "grafana", "internal_lb", 9090, "tcp", "Grafana's Prometheus datasource queries through the internal load balancer");
            flow(rules, "internal_lb", "prometheus", 9090, "tcp", "Internal load balancer forwards queries and health checks to Prometheus");
        }
        if (t.query().enabled()) {
            // the sidecars' Store API answers the query tier only; query's HTTP API the internal balancer only
            flow(rules, "query", "prometheus", THANOS_GRPC, "tcp",
                    "thanos query reads every Prometheus replica through its Thanos sidecar (gRPC Store API)");
            if (internalLb) {
                flow(rules, "internal_lb", "query", THANOS_HTTP, "tcp",
                        "Internal load balancer forwards Grafana's datasource queries and health checks to thanos query");
            }
        }
        if (database) {
            flow(rules, "grafana", "database", databasePort, "tcp", "Grafana stores dashboards, users and alert state in the shared "
                    + engine.yamlName() + " database");
        }
        if (redis) {
            flow(rules, "grafana", "redis", 6379, "tcp", "Grafana remote cache (sessions) in Redis");
        }
        if (publicLb) {
            // http_redirect_enabled defaults to true: port 80 only answers with a redirect.
            for (Cidr c : t.loadBalancers().publicLb().allowedCidrs()) {
                rules.add(new Rule("public_lb", true, "tcp", 443, 443, Peer.cidr(c.text()), "HTTPS to Grafana from an allowed CIDR"));
            }
            for (Cidr c : t.loadBalancers().publicLb().allowedCidrs()) {
                rules.add(new Rule("public_lb", true, "tcp", 80, 80, Peer.cidr(c.text()),
                        "HTTP from an allowed CIDR, only answered with a redirect to HTTPS"));
            }
        }
        for (Tier tier : Tier.of(t)) {
            for (Cidr c : t.security().sshFromCidrs()) {
                rules.add(new Rule(tier.id(), true, "tcp", SSH, SSH, Peer.cidr(c.text()),
                        "SSH to the " + tier.id() + " nodes from an operator CIDR"));
            }
        }
        for (Tier tier : Tier.of(t)) {
            rules.add(new Rule(tier.id(), false, "tcp", 443, 443, Peer.cidr("0.0.0.0/0"), "HTTPS out via NAT: AWS APIs, S3, receivers' webhooks"));
            rules.add(new Rule(tier.id(), false, "tcp", 80, 80, Peer.cidr("0.0.0.0/0"), "HTTP out via NAT: Debian package mirrors"));
        }
        rules.add(new Rule("prometheus", false, "tcp", 1, 65535, Peer.cidr(vpcCidr.text()), "Prometheus scrapes targets outside the stack"));
        return new NetworkPolicy(groups, rules);
    }

    private static void flow(List<Rule> rules, String from, String to, int port, String protocol, String description) {
        rules.add(new Rule(to, true, protocol, port, port, Peer.group(from), description));
        rules.add(new Rule(from, false, protocol, port, port, Peer.group(to), description));
    }

    /** The ingress rules of {@code group}. */
    public List<Rule> ingress(String group) {
        return rules.stream().filter(r -> r.ingress() && r.group().equals(group)).toList();
    }
}
