package io.stackgate.verify.check;

import io.stackgate.verify.api.Http;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every Prometheus replica loaded the same configuration (the replica label masked) and its last
 * reload succeeded; likewise every Alertmanager.
 */
public final class SharedConfigCheck implements Check {
    @Override
    public String name() {
        return "shared-config";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        String label = target.topology().prometheus().replicaLabel();
        List<Node> proms = nodes.nodes(Tier.PROMETHEUS);
        String reference = null;
        for (Node n : proms) {
            Optional<String> cfg = PrometheusApi.of(n).maskedConfig(label);
            if (cfg.isEmpty()) {
                problems.add(n.id() + ": /api/v1/status/config did not answer");
                continue;
            }
            if (reference == null) {
                reference = cfg.get();
                evidence.add(n.id() + ": reference config, " + reference.lines().count() + " lines, sha256 " + sha(reference));
            } else if (!reference.equals(cfg.get())) {
                problems.add(n.id() + " loaded a different configuration than " + proms.get(0).id() + ": "
                        + firstDifference(reference, cfg.get()));
            } else {
                evidence.add(n.id() + ": same config (sha256 " + sha(cfg.get()) + ")");
            }
            reloadOk(n, "prometheus_config_last_reload_successful", problems, evidence);
        }
        String amReference = null;
        for (Node n : nodes.nodes(Tier.ALERTMANAGER)) {
            Optional<String> cfg = Http.get(n.resolve("/api/v2/status")).json()
                    .map(j -> j.path("config").path("original").asText());
            if (cfg.isEmpty()) {
                problems.add(n.id() + ": /api/v2/status did not answer");
                continue;
            }
            if (amReference == null) {
                amReference = cfg.get();
            } else if (!amReference.equals(cfg.get())) {
                problems.add(n.id() + " loaded a different Alertmanager configuration: "
                        + firstDifference(amReference, cfg.get()));
            }
            reloadOk(n, "alertmanager_config_last_reload_successful", problems, evidence);
        }
        return Verdict.of(proms.size() + " Prometheus replicas and " + nodes.nodes(Tier.ALERTMANAGER).size()
                + " Alertmanagers run one configuration each", problems, evidence);
    }

    private static void reloadOk(Node n, String metric, List<String> problems, List<String> evidence) {
        OptionalDouble v = PrometheusApi.of(n).metric(metric);
        if (v.isEmpty() || v.getAsDouble() != 1) {
            problems.add(n.id() + ": " + metric + " = " + (v.isEmpty() ? "missing" : v.getAsDouble()) + ", expected 1");
        } else {
            evidence.add(n.id() + ": " + metric + " = 1");
        }
    }

    static String firstDifference(String a, String b) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String l = i < x.size() ? x.get(i) : "<end>";
            String r = i < y.size() ? y.get(i) : "<end>";
            if (!l.equals(r)) {
                return "line " + (i + 1) + ": expected \"" + l.strip() + "\" but was \"" + r.strip() + "\"";
            }
        }
        return "(no line differs)";
    }

    static String sha(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
