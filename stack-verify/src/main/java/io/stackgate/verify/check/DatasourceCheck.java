package io.stackgate.verify.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The Grafana datasource URL, read from the provisioning file the nodes run, reaches the internal
 * load balancer and answers the query Grafana's health check sends ({@code 1+1}).
 */
public final class DatasourceCheck implements Check {
    static final String FILE = "config/grafana/provisioning/datasources/stackgate.yml";

    @Override
    public String name() {
        return "datasource";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Balancer.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Balancer balancer = target.require(Balancer.class);
        JsonNode ds;
        try {
            ds = new YAMLMapper().readTree(target.bundle().text(FILE)).path("datasources").path(0);
        } catch (IOException | IllegalArgumentException e) {
            return Verdict.failed("cannot read the datasource from " + FILE + ": " + e.getMessage(), List.of());
        }
        String url = ds.path("url").asText();
        List<String> evidence = new ArrayList<>();
        evidence.add(FILE + ": uid=" + ds.path("uid").asText() + " url=" + url + " isDefault=" + ds.path("isDefault").asText());
        List<String> problems = new ArrayList<>();
        URI lb = balancer.datasource();
        if (!URI.create(url).equals(lb) && !URI.create(url.replaceAll("/$", "")).equals(lb)) {
            problems.add("the datasource points at " + url + ", not at the internal load balancer " + lb);
        }
        Http.Response r = PrometheusApi.at(URI.create(url)).query("1+1");
        evidence.add("GET " + url + "/api/v1/query?query=1+1 → " + r);
        String value = r.json().map(j -> j.path("data").path("result").path(1).asText()).orElse("");
        if (!r.ok() || !"2".equals(value)) {
            problems.add("Grafana's health-check query through " + url + " failed: " + r);
        }
        return Verdict.of("the datasource URL reaches the internal load balancer and answers 1+1 = 2", problems, evidence);
    }
}
