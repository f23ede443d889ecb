package io.stackgate.verify.check;

import io.stackgate.verify.api.Http;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.GrafanaLogin;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Grafana's own datasource health endpoint on every Grafana replica; SKIPPED where Grafana cannot run. */
public final class GrafanaDatasourceHealthCheck implements Check {
    @Override
    public String name() {
        return "grafana-datasource";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, GrafanaLogin.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        GrafanaLogin login = target.require(GrafanaLogin.class);
        if (nodes.nodes(Tier.GRAFANA).isEmpty()) {
            return Verdict.skipped(nodes.unavailable(Tier.GRAFANA).orElse("no Grafana runs on this target"));
        }
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Node n : nodes.nodes(Tier.GRAFANA)) {
            java.util.Optional<String> password = login.adminPassword(n);
            if (password.isEmpty()) {
                return Verdict.skipped("this target does not expose Grafana's admin credentials to call its API");
            }
            URI uri = n.resolve("/api/datasources/uid/stackgate-prometheus/health");
            String auth = "admin:" + password.get();
            try {
                HttpResponse<String> r = Http.client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                evidence.add(n.id() + ": " + uri + " → HTTP " + r.statusCode() + " " + r.body());
                if (r.statusCode() != 200 || !r.body().contains("\"OK\"")) {
                    problems.add(n.id() + ": datasource health is not OK: HTTP " + r.statusCode() + " " + r.body());
                }
            } catch (java.io.IOException e) {
                problems.add(n.id() + ": " + uri + " did not answer: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted");
            }
        }
        return Verdict.of("every Grafana reports its Prometheus datasource healthy", problems, evidence);
    }
}
