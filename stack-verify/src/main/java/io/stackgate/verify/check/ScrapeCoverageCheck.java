package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.env.Wait;
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
    public Verdict run(Environment env, CheckContext ctx) {
        Set<String> notRunning = env.nodes(Tier.GRAFANA).isEmpty() && env.unavailable(Tier.GRAFANA).isPresent()
                ? Set.of("grafana") : Set.of();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        TreeSet<String> reference = null;
        Node referenceNode = null;
        // judge only scrapes made after the check began: a target that just died still shows "up"
        java.time.Instant since = java.time.Instant.now();
        for (Node n : env.nodes(Tier.PROMETHEUS)) {
            List<Api.Target> targets;
            try {
                targets = Wait.until("every target up on " + n.id(), timeout).polling(Duration.ofMillis(250))
                        .on(() -> Api.targets(n), ts -> !ts.isEmpty() && ts.stream()
                                .allMatch(t -> notRunning.contains(t.job())
                                        || (t.health().equals("up") && t.lastScrape().isAfter(since))));
            } catch (Wait.WaitTimeoutException e) {
                targets = Api.targets(n);
                List<String> down = targets.stream().filter(t -> !notRunning.contains(t.job())
                                && !(t.health().equals("up") && t.lastScrape().isAfter(since)))
                        .map(t -> t.key() + " (" + t.health() + (t.lastError().isEmpty() ? "" : ": " + t.lastError())
                                + (t.lastScrape().isAfter(since) ? "" : ", not scraped since the check began") + ")")
                        .toList();
                problems.add(n.id() + ": " + down.size() + " targets not up after " + timeout.toSeconds() + " s: " + down);
            }
            long up = targets.stream().filter(t -> t.health().equals("up")).count();
            evidence.add(n.id() + ": " + up + "/" + targets.size() + " targets up, jobs "
                    + targets.stream().map(Api.Target::job).collect(Collectors.toCollection(TreeSet::new)));
            TreeSet<String> keys = Api.targetKeys(targets);
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
        notRunning.forEach(job -> evidence.add("job " + job + ": not counted, " + env.unavailable(Tier.GRAFANA).orElse("")));
        int count = reference == null ? 0 : reference.size();
        return Verdict.of(count + " targets up on all " + env.nodes(Tier.PROMETHEUS).size()
                + " replicas, identical target sets", problems, evidence);
    }
}
