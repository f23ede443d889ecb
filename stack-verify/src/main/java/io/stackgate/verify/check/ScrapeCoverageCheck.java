package io.stackgate.verify.check;

import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
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
import java.util.stream.Collectors;

/**
 * Every declared target is up on every replica, and all replicas see the same target set. Targets
 * of a tier that does not run on this target (e.g. Grafana) are reported, not counted.
 */
public final class ScrapeCoverageCheck implements Check {
    private final Duration timeout;

    public ScrapeCoverageCheck() {
        this(Duration.ofSeconds(15));
    }

    public ScrapeCoverageCheck(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "scrape-coverage";
    }

    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.SCRAPING, Footprint.Part.TARGETS);
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        Set<String> notRunning = nodes.nodes(Tier.GRAFANA).isEmpty() && nodes.unavailable(Tier.GRAFANA).isPresent()
                ? Set.of("grafana") : Set.of();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        TreeSet<String> reference = null;
        Node referenceNode = null;
        // judge only scrapes made after the check began: a target that just died still shows "up"
        java.time.Instant since = java.time.Instant.now();
        for (Node n : nodes.nodes(Tier.PROMETHEUS)) {
            List<PrometheusApi.Target> targets;
            try {
                targets = Wait.until("every target up on " + n.id(), timeout).polling(Duration.ofMillis(250))
                        .on(() -> PrometheusApi.of(n).targets(), ts -> !ts.isEmpty() && ts.stream()
                                .allMatch(t -> notRunning.contains(t.job())
                                        || (t.health().equals("up") && t.lastScrape().isAfter(since))));
            } catch (Wait.WaitTimeoutException e) {
                targets = PrometheusApi.of(n).targets();
                List<String> down = targets.stream().filter(t -> !notRunning.contains(t.job())
                                && !(t.health().equals("up") && t.lastScrape().isAfter(since)))
                        .map(t -> t.key() + " (" + t.health() + (t.lastError().isEmpty() ? "" : ": " + t.lastError())
                                + (t.lastScrape().isAfter(since) ? "" : ", not scraped since the check began") + ")")
                        .toList();
                problems.add(n.id() + ": " + down.size() + " targets not up after " + timeout.toSeconds() + " s: " + down);
            }
            long up = targets.stream().filter(t -> t.health().equals("up")).count();
            evidence.add(n.id() + ": " + up + "/" + targets.size() + " targets up, jobs "
                    + targets.stream().map(PrometheusApi.Target::job).collect(Collectors.toCollection(TreeSet::new)));
            TreeSet<String> keys = PrometheusApi.targetKeys(targets);
            if (reference == null) {
                reference = keys;
                referenceNode = n;
            } else if (!reference.equals(keys)) {
                TreeSet<String> missing = new TreeSet<>(reference);
                missing.removeAll(keys);
                TreeSet<String> extra = new TreeSet<>(keys);
                extra.removeAll(reference);
                problems.add(n.id() + " sees other targets than " + referenceNode.id() + ": missing " + missing
                        + ", extra " + extra);
            }
        }
        if (reference != null) {
            problems.addAll(againstTopology(target.topology(), reference, notRunning, evidence));
        }
        notRunning.forEach(job -> evidence.add("job " + job + ": not counted, " + nodes.unavailable(Tier.GRAFANA).orElse("")));
        if (reference == null) {
            problems.add("no Prometheus replica runs here: nothing is scraped");
        }
        int count = reference == null ? 0 : reference.size();
        return Verdict.of(count + " targets up on all " + nodes.nodes(Tier.PROMETHEUS).size()
                + " replicas, identical target sets", problems, evidence);
    }

    /**
     * The targets a replica scrapes, held against what the topology declares: every scrape job with its
     * static targets (exactly), its EC2-discovered hosts (at least one), and the meta-monitoring jobs with
     * one target per node of their tier.
     */
    static List<String> againstTopology(Topology t, java.util.Set<String> keys, Set<String> notRunning,
            List<String> evidence) {
        java.util.Map<String, Long> perJob = keys.stream().collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('/')),
                java.util.TreeMap::new, Collectors.counting()));
        java.util.Map<String, Integer> exactly = new java.util.TreeMap<>();
        exactly.put("prometheus", t.prometheus().replicas());
        exactly.put("alertmanager", t.alertmanager().replicas());
        exactly.put("grafana", t.grafana().replicas());
        java.util.Set<String> atLeastOne = new TreeSet<>();
        for (ScrapeJob job : t.prometheus().scrapeJobs()) {
            if (job.ec2Discovery() != null) {
                atLeastOne.add(job.name());
            } else {
                exactly.put(job.name(), job.staticTargets().size());
            }
        }
        List<String> problems = new ArrayList<>();
        exactly.forEach((job, n) -> {
            long seen = perJob.getOrDefault(job, 0L);
            if (!notRunning.contains(job) && seen != n) {
                problems.add("job " + job + " has " + seen + " targets, the topology declares " + n);
            }
        });
        for (String job : atLeastOne) {
            if (perJob.getOrDefault(job, 0L) == 0) {
                problems.add("job " + job + " (EC2 discovery) found no targets");
            }
        }
        evidence.add("targets per job: " + perJob + "; declared: " + exactly + " and EC2-discovered " + atLeastOne);
        return problems;
    }
}
