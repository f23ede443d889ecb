package io.stackgate.model.render;

import io.stackgate.model.FederationMode;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.AlertmanagerEndpoint;
import io.stackgate.model.render.Deployment.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** Builds local layouts: which loopback port each node of a topology gets. */
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
     * A layout whose ports come from {@code ports} (e.g. a free-port allocator). Each user scrape job
     * gets one stand-in target per AZ for EC2 discovery, or one per declared static target.
     * {@code harness}, when given, is scraped as job {@code stackgate-harness}: the verifier's probe
     * metrics, which drive the {@code StackgateProbe} alert.
     */
    public static Deployment.Local allocate(Topology t, String configDir, IntSupplier ports, Deployment.Tempo tempo,
            String webhookUrl, Endpoint harness) {
        List<Endpoint> prometheus = endpoints(t.prometheus().replicas(), ports);
        List<AlertmanagerEndpoint> alertmanagers = new ArrayList<>();
        for (int i = 0; i < t.alertmanager().replicas(); i++) {
            alertmanagers.add(new AlertmanagerEndpoint(Endpoint.loopback(ports.getAsInt()),
                    Endpoint.loopback(ports.getAsInt())));
        }
        List<Endpoint> grafana = new ArrayList<>();
        for (int i = 0; i < t.grafana().replicas(); i++) {
            grafana.add(Endpoint.loopback(ports.getAsInt()));
            ports.getAsInt(); // the next port is this Grafana's HA gossip port
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (ScrapeJob job : t.prometheus().scrapeJobs()) {
            int count = job.ec2Discovery() != null ? t.availabilityZones().size() : job.staticTargets().size();
            jobs.put(job.name(), endpoints(count, ports).stream().map(Endpoint::toString).toList());
        }
        Endpoint prometheusLb = Endpoint.loopback(ports.getAsInt());
        Endpoint publicLb = Endpoint.loopback(ports.getAsInt());
        Endpoint alertmanagerLb = Endpoint.loopback(ports.getAsInt());
        Endpoint stats = Endpoint.loopback(ports.getAsInt());
        Endpoint global = t.prometheus().federation().mode() == FederationMode.GLOBAL
                ? Endpoint.loopback(ports.getAsInt()) : null;
        return new Deployment.Local(configDir, prometheus, alertmanagers, grafana, jobs, prometheusLb, publicLb,
                alertmanagerLb, stats, global, harness, webhookUrl, tempo);
    }

    private static List<Endpoint> endpoints(int count, IntSupplier ports) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Endpoint.loopback(ports.getAsInt()));
        }
        return out;
    }
}
