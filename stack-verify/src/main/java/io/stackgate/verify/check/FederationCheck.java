package io.stackgate.verify.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackgate.model.FederationMode;
import io.stackgate.model.ScrapeJob;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code global}: the global layer holds the federated series of every replica and target, with the
 * replica and stack labels. {@code mutual}: FAILS with what real Prometheus does — duplicated series
 * and out-of-order samples. {@code none}: SKIPPED.
 */
public final class FederationCheck implements Check {
    @Override
    public String name() {
        return "federation";
    }

    /** Reads what the replicas and the global layer scrape, and queries them. */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.SCRAPING, Footprint.Part.TARGETS, Footprint.Part.DATASOURCE);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        FederationMode mode = target.topology().prometheus().federation().mode();
        return switch (mode) {
            case NONE -> Verdict.skipped("federation.mode is none: the replicas are queried directly and "
                    + "deduplicated by the replica label; there is no federation to check");
            case GLOBAL -> global(target);
            case MUTUAL -> mutual(target);
        };
    }

    private Verdict global(Target target) {
        Nodes nodes = target.require(Nodes.class);
        List<Node> globals = nodes.nodes(Tier.GLOBAL_PROMETHEUS);
        if (globals.isEmpty()) {
            return Verdict.skipped(nodes.unavailable(Tier.GLOBAL_PROMETHEUS).orElse("no global Prometheus runs here"));
        }
        Node global = globals.get(0);
        String label = target.topology().prometheus().replicaLabel();
        Set<String> expected = new TreeSet<>();
        for (Node p : nodes.nodes(Tier.PROMETHEUS)) {
            String replica = PrometheusApi.of(p).externalLabel(label).orElse(nodes.replicaOf(p));
            for (PrometheusApi.Target t : PrometheusApi.of(p).targets()) {
                if (!t.job().equals("grafana") || !nodes.nodes(Tier.GRAFANA).isEmpty()) {
                    expected.add(replica + " " + t.job() + "/" + t.instance());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        if (expected.isEmpty()) {
            return Verdict.failed("no replica reports a single scrape target: there is nothing the global layer "
                    + "could federate, so nothing about federation is proven", evidence);
        }
        String query = "up{" + label + "!=\"\"}";
        try {
            Wait.until("the global layer holds up{} of every replica and target", Duration.ofSeconds(20))
                    .polling(Duration.ofMillis(250))
                    .on(() -> seen(global, query, label), s -> s.containsAll(expected));
            evidence.add(global.id() + " holds all " + expected.size() + " replica/target series of up");
        } catch (Wait.WaitTimeoutException e) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(seen(global, query, label));
            problems.add(global.id() + " is missing " + missing.size() + " federated series: " + missing);
        }
        String stack = target.topology().name();
        for (JsonNode s : PrometheusApi.at(global.url()).vector(query)) {
            if (!stack.equals(s.path("metric").path("stack").asText())) {
                problems.add("federated series without stack=\"" + stack + "\": " + s.path("metric"));
                break;
            }
        }
        return Verdict.of("the global layer federates " + expected.size() + " series of up from "
                + nodes.nodes(Tier.PROMETHEUS).size() + " replicas with their replica and stack labels", problems, evidence);
    }

    private static Set<String> seen(Node global, String query, String label) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : PrometheusApi.at(global.url()).vector(query)) {
            JsonNode m = s.path("metric");
            out.add(m.path(label).asText() + " " + m.path("job").asText() + "/" + m.path("instance").asText());
        }
        return out;
    }

    /** The seed's mistake, proven on real Prometheus. */
    private Verdict mutual(Target target) {
        Nodes nodes = target.require(Nodes.class);
        List<String> evidence = new ArrayList<>();
        List<Node> proms = nodes.nodes(Tier.PROMETHEUS);
        String job = target.topology().prometheus().scrapeJobs().stream().map(ScrapeJob::name).findFirst().orElse("prometheus");
        long targetsPerReplica = proms.isEmpty() ? 0 : Wait.until("the targets of job " + job + " discovered on "
                        + proms.get(0).id(), Duration.ofSeconds(15)).polling(Duration.ofMillis(250))
                .on(() -> PrometheusApi.of(proms.get(0)).targets().stream().filter(t -> t.job().equals(job)).toList(),
                        ts -> !ts.isEmpty() && ts.stream().allMatch(t -> t.health().equals("up"))).size();
        // give the federation scrapes time to copy the peers' series in
        boolean duplicated = false;
        boolean outOfOrder = false;
        for (Node p : proms) {
            try {
                double count = Wait.until("duplicated series of job " + job + " on " + p.id(), Duration.ofSeconds(10))
                        .polling(Duration.ofMillis(250))
                        .on(() -> count(p, "count(up{job=\"" + job + "\"})"), c -> c > targetsPerReplica);
                evidence.add(p.id() + ": count(up{job=\"" + job + "\"}) = " + (long) count + ", but the job has "
                        + targetsPerReplica + " targets: every series is stored " + (long) (count / Math.max(1, targetsPerReplica))
                        + " times");
                duplicated = true;
            } catch (Wait.WaitTimeoutException e) {
                evidence.add(p.id() + ": " + e.getMessage());
            }
            double ooo = count(p, "sum(prometheus_target_scrapes_sample_out_of_order_total)");
            long logged = nodes.logTail(p, 5_000).lines().filter(l -> l.contains("out-of-order") || l.contains("out of order")).count();
            evidence.add(p.id() + ": prometheus_target_scrapes_sample_out_of_order_total = " + (long) ooo
                    + ", log lines about out-of-order samples: " + logged);
            outOfOrder |= ooo > 0 || logged > 0;
        }
        if (duplicated || outOfOrder) {
            return Verdict.failed("federation.mode is mutual: the replicas federate each other"
                    + (duplicated ? ", which duplicates every series" : "")
                    + (outOfOrder ? (duplicated ? " and" : ", which") + " produces out-of-order samples" : "")
                    + " (evidence below); use none or global", evidence);
        }
        return Verdict.passed("federation.mode is mutual, yet no replica showed duplicated series or out-of-order "
                + "samples while the check watched (the validator still reports PROM_MUTUAL_FEDERATION)", evidence);
    }

    private static double count(Node n, String promql) {
        List<JsonNode> v = PrometheusApi.at(n.url()).vector(promql);
        return v.isEmpty() ? 0 : v.get(0).path("value").path(1).asDouble();
    }
}
