package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
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
    public Verdict run(Environment env, CheckContext ctx) {
        if (env.nodes(Tier.GRAFANA).isEmpty()) {
            return Verdict.skipped(env.unavailable(Tier.GRAFANA).orElse("no Grafana runs on this target"));
        }
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Node n : env.nodes(Tier.GRAFANA)) {
            java.util.Optional<String> password = env.grafanaAdminPassword(n);
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
