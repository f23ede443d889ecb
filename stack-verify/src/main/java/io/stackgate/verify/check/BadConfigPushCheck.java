package io.stackgate.verify.check;

import io.stackgate.verify.api.Http;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.ConfigPush;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Write an invalid config to the shared file and reload: every replica keeps serving the previous
 * config, {@code prometheus_config_last_reload_successful} drops to 0 and PrometheusBadConfig fires;
 * then the good config is restored and reloaded.
 */
public final class BadConfigPushCheck implements Check {
    /** Appended to the shared config: not YAML Prometheus accepts. */
    public static final String BREAKAGE = "\nscrape_configs: [ this is not: valid\n";
    private final String breakage;

    public BadConfigPushCheck() {
        this(BREAKAGE);
    }

    /** With another change to push (tests use a valid one to prove the check fails when it is applied). */
    public BadConfigPushCheck(String breakage) {
        this.breakage = breakage;
    }

    @Override
    public String name() {
        return "bad-config-push";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(Nodes.class, Balancer.class, ConfigPush.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        Nodes nodes = target.require(Nodes.class);
        Balancer balancer = target.require(Balancer.class);
        ConfigPush config = target.require(ConfigPush.class);
        List<Node> proms = nodes.nodes(Tier.PROMETHEUS);
        String label = target.topology().prometheus().replicaLabel();
        String original = config.prometheusConfig();
        List<String> before = proms.stream().map(n -> PrometheusApi.of(n).maskedConfig(label).orElse("")).toList();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        try {
            config.writePrometheusConfig(original + breakage);
            for (Node n : proms) {
                Http.Response r = PrometheusApi.of(n).reload();
                evidence.add(n.id() + ": POST /-/reload → " + r);
            }
            for (int i = 0; i < proms.size(); i++) {
                Node n = proms.get(i);
                String previous = before.get(i);
                Optional<String> now = PrometheusApi.of(n).maskedConfig(label);
                if (now.isEmpty() || !now.get().equals(previous)) {
                    problems.add(n.id() + " no longer serves its previous configuration"
                            + now.map(c -> ": " + SharedConfigCheck.firstDifference(previous, c)).orElse(""));
                }
                OptionalDouble ok = PrometheusApi.of(n).metric("prometheus_config_last_reload_successful");
                evidence.add(n.id() + ": prometheus_config_last_reload_successful = " + (ok.isPresent() ? ok.getAsDouble() : "missing"));
                if (ok.isEmpty() || ok.getAsDouble() != 0) {
                    problems.add(n.id() + ": prometheus_config_last_reload_successful is not 0 after a bad reload");
                }
            }
            Http.Response q = PrometheusApi.at(balancer.datasource()).query("up");
            evidence.add("query through the balancer during the bad config: " + (q.ok() ? "HTTP 200" : q.toString()));
            if (!q.ok()) {
                problems.add("queries through the balancer fail while the bad config is pushed: " + q);
            }
            for (Node n : proms) {
                try {
                    Wait.until("PrometheusBadConfig firing on " + n.id(), Duration.ofSeconds(20)).polling(Duration.ofMillis(200))
                            .on(() -> PrometheusApi.of(n).ruleAlerts().stream().filter(a -> a.path("labels").path("alertname").asText()
                                    .equals("PrometheusBadConfig") && a.path("state").asText().equals("firing")).count(),
                                    c -> c >= proms.size());
                    evidence.add(n.id() + ": PrometheusBadConfig firing for all " + proms.size() + " replicas");
                } catch (Wait.WaitTimeoutException e) {
                    problems.add(e.getMessage());
                }
            }
        } finally {
            config.writePrometheusConfig(original);
            for (Node n : proms) {
                PrometheusApi.of(n).reload();
                try {
                    Wait.until(n.id() + " reloaded the restored config", Duration.ofSeconds(10))
                            .on(() -> PrometheusApi.of(n).metric("prometheus_config_last_reload_successful"),
                                    v -> v.isPresent() && v.getAsDouble() == 1);
                } catch (Wait.WaitTimeoutException e) {
                    problems.add("restoring the config: " + e.getMessage());
                }
            }
            evidence.add("restored the shared config and reloaded every replica");
        }
        return Verdict.of("every replica kept its config, reported the failed reload and fired PrometheusBadConfig",
                problems, evidence);
    }
}
