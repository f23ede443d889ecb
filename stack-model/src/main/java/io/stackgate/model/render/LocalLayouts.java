package io.stackgate.model.render;

import io.stackgate.model.FederationMode;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.AlertmanagerEndpoint;
import io.stackgate.model.render.Deployment.Endpoint;
import io.stackgate.model.render.Deployment.HostPlan;
import io.stackgate.model.render.Deployment.QueryEndpoint;
import io.stackgate.model.render.Deployment.SidecarEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** Builds local layouts: which address and port each node of a topology gets (loopback, or its AZ's address). */
public final class LocalLayouts {
    private LocalLayouts() {
    }

    /** Consecutive ports from {@code basePort}; for rendering examples and tests, not for running. */
    public static Deployment.Local sequential(Topology t, String configDir, int basePort, Deployment.Tempo tempo,
            String webhookUrl) {
        int[] next = {basePort};
        return allocate(t, configDir, () -> next[0]++, tempo, webhookUrl, null);
    }

    /**
     * A layout whose ports come from {@code ports} (e.g. a free-port allocator), every node on loopback.
     * Each user scrape job gets one stand-in target per AZ for EC2 discovery, or one per declared static
     * target. {@code harness}, when given, is scraped as job {@code stackgate-harness}: the verifier's probe
     * metrics, which drive the {@code StackgateProbe} alert. With a query tier, every Prometheus replica
     * gets a sidecar (gRPC, HTTP), every query node HTTP and gRPC ports, and the balancer a query frontend;
     * the balancer's runtime API always gets a port.
     */
    public static Deployment.Local allocate(Topology t, String configDir, IntSupplier ports, Deployment.Tempo tempo,
            String webhookUrl, Endpoint harness) {
        return allocate(t, configDir, ports, tempo, webhookUrl, harness, HostPlan.loopback());
    }

    /**
     * As {@link #allocate(Topology, String, IntSupplier, Deployment.Tempo, String, Endpoint)}, each node on
     * the address {@code hosts} gives it: node {@code i} of a tier in AZ {@code i % zones} (stand-in
     * {@code k} of a scrape job in AZ {@code k % zones}: one per AZ for EC2 discovery; the global
     * Prometheus in the first AZ), a Thanos sidecar on its replica's address, the balancer on the root
     * address. Ports are allocated in the same order whatever the plan.
     *
     * @throws IllegalArgumentException when an AZ of {@code hosts} has fewer addresses than
     *     {@link #addressesPerZone} asks for, or {@code hosts} has AZs but not the topology's number of them
     */
    public static Deployment.Local allocate(Topology t, String configDir, IntSupplier ports, Deployment.Tempo tempo,
            String webhookUrl, Endpoint harness, HostPlan hosts) {
        Hosts h = new Hosts(t, hosts);
        List<Endpoint> prometheus = new ArrayList<>();
        for (int i = 0; i < t.prometheus().replicas(); i++) {
            prometheus.add(Endpoint.of(h.next(i), ports.getAsInt()));
        }
        List<AlertmanagerEndpoint> alertmanagers = new ArrayList<>();
        for (int i = 0; i < t.alertmanager().replicas(); i++) {
            String host = h.next(i);
            alertmanagers.add(new AlertmanagerEndpoint(Endpoint.of(host, ports.getAsInt()), Endpoint.of(host, ports.getAsInt())));
        }
        List<Endpoint> grafana = new ArrayList<>();
        for (int i = 0; i < t.grafana().replicas(); i++) {
            grafana.add(Endpoint.of(h.next(i), ports.getAsInt()));
            ports.getAsInt(); // the next port is this Grafana's HA gossip port
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (ScrapeJob job : t.prometheus().scrapeJobs()) {
            List<String> targets = new ArrayList<>();
            for (int k = 0; k < standIns(t, job); k++) {
                targets.add(Endpoint.of(h.next(k), ports.getAsInt()).toString());
            }
            jobs.put(job.name(), targets);
        }
        Endpoint prometheusLb = Endpoint.of(hosts.root(), ports.getAsInt());
        Endpoint publicLb = Endpoint.of(hosts.root(), ports.getAsInt());
        Endpoint alertmanagerLb = Endpoint.of(hosts.root(), ports.getAsInt());
        Endpoint stats = Endpoint.of(hosts.root(), ports.getAsInt());
        Endpoint global = t.prometheus().federation().mode() == FederationMode.GLOBAL
                ? Endpoint.of(h.next(0), ports.getAsInt()) : null;
        // New nodes take ports after every older one, so the older ones keep their ports in sequential layouts.
        List<SidecarEndpoint> sidecars = new ArrayList<>();
        List<QueryEndpoint> queries = new ArrayList<>();
        Endpoint queryLb = null;
        if (t.query().enabled()) {
            for (Endpoint replica : prometheus) {
                // one instance: the sidecar shares its replica's address
                sidecars.add(new SidecarEndpoint(Endpoint.of(replica.host(), ports.getAsInt()),
                        Endpoint.of(replica.host(), ports.getAsInt())));
            }
            for (int i = 0; i < t.query().replicas(); i++) {
                String host = h.next(i);
                queries.add(new QueryEndpoint(Endpoint.of(host, ports.getAsInt()), Endpoint.of(host, ports.getAsInt())));
            }
            queryLb = Endpoint.of(hosts.root(), ports.getAsInt());
        }
        Endpoint runtimeApi = Endpoint.of(hosts.root(), ports.getAsInt());
        return new Deployment.Local(configDir, prometheus, alertmanagers, grafana, jobs, prometheusLb, publicLb,
                alertmanagerLb, stats, global, harness, webhookUrl, tempo, sidecars, queries, queryLb, runtimeApi,
                Deployment.Balancer.of(t.loadBalancers(), tempo));
    }

    /**
     * How many nodes of {@code t} land in each of {@code zones} AZs (one address each), in AZ order: what an
     * AZ network must hold for {@link #allocate(Topology, String, IntSupplier, Deployment.Tempo, String,
     * Endpoint, HostPlan)}.
     */
    public static int[] nodesPerZone(Topology t, int zones) {
        if (zones < 1) {
            throw new IllegalArgumentException("zones must be at least 1, was " + zones);
        }
        int[] count = new int[zones];
        List<Integer> tiers = new ArrayList<>(List.of(t.prometheus().replicas(), t.alertmanager().replicas(),
                t.grafana().replicas()));
        t.prometheus().scrapeJobs().forEach(job -> tiers.add(standIns(t, job)));
        if (t.prometheus().federation().mode() == FederationMode.GLOBAL) {
            tiers.add(1);
        }
        if (t.query().enabled()) {
            tiers.add(t.query().replicas());
        }
        for (int size : tiers) {
            for (int i = 0; i < size; i++) {
                count[i % zones]++;
            }
        }
        return count;
    }

    /** The largest of {@link #nodesPerZone}: the addresses per AZ an AZ network needs for {@code t}. */
    public static int addressesPerZone(Topology t, int zones) {
        return java.util.Arrays.stream(nodesPerZone(t, zones)).max().orElse(0);
    }

    private static int standIns(Topology t, ScrapeJob job) {
        return job.ec2Discovery() != null ? t.availabilityZones().size() : job.staticTargets().size();
    }

    /** Hands out the plan's addresses: the next unused one of AZ {@code i % zones}, or loopback. */
    private static final class Hosts {
        private final HostPlan plan;
        private final int[] used;

        Hosts(Topology t, HostPlan plan) {
            this.plan = plan;
            if (!plan.isLoopback() && plan.zones().size() != t.availabilityZones().size()) {
                throw new IllegalArgumentException("the host plan has " + plan.zones().size() + " AZs, the topology "
                        + t.availabilityZones().size() + " " + t.availabilityZones());
            }
            this.used = new int[plan.zones().size()];
        }

        String next(int index) {
            if (plan.isLoopback()) {
                return plan.root();
            }
            int zone = index % used.length;
            List<String> addresses = plan.zones().get(zone);
            if (used[zone] >= addresses.size()) {
                throw new IllegalArgumentException("AZ " + zone + " of the host plan has " + addresses.size()
                        + " addresses, the layout needs more (see LocalLayouts.addressesPerZone)");
            }
            return addresses.get(used[zone]++);
        }
    }
}
