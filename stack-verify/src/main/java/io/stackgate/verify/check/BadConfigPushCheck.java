package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import io.stackgate.verify.env.Wait;
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
    public Verdict run(Environment env, CheckContext ctx) {
        List<Node> proms = env.nodes(Tier.PROMETHEUS);
        String label = env.topology().prometheus().replicaLabel();
        String original = env.prometheusConfig();
        List<String> before = proms.stream().map(n -> Api.maskedConfig(n, label).orElse("")).toList();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        try {
            env.writePrometheusConfig(original + breakage);
            for (Node n : proms) {
                Http.Response r = env.reload(n);
                evidence.add(n.id() + ": POST /-/reload → " + r);
            }
            for (int i = 0; i < proms.size(); i++) {
                Node n = proms.get(i);
                String previous = before.get(i);
                Optional<String> now = Api.maskedConfig(n, label);
                if (now.isEmpty() || !now.get().equals(previous)) {
                    problems.add(n.id() + " no longer serves its previous configuration"
                            + now.map(c -> ": " + SharedConfigCheck.firstDifference(previous, c)).orElse(""));
                }
                OptionalDouble ok = Api.metric(n, "prometheus_config_last_reload_successful");
                evidence.add(n.id() + ": prometheus_config_last_reload_successful = " + (ok.isPresent() ? ok.getAsDouble() : "missing"));
                if (ok.isEmpty() || ok.getAsDouble() != 0) {
                    problems.add(n.id() + ": prometheus_config_last_reload_successful is not 0 after a bad reload");
                }
            }
            Http.Response q = Http.query(env.prometheusLoadBalancer(), "up");
            evidence.add("query through the balancer during the bad config: " + (q.ok() ? "HTTP 200" : q.toString()));
            if (!q.ok()) {
                problems.add("queries through the balancer fail while the bad config is pushed: " + q);
            }
            for (Node n : proms) {
                try {
                    Wait.until("PrometheusBadConfig firing on " + n.id(), Duration.ofSeconds(20)).polling(Duration.ofMillis(200))
                            .on(() -> Api.ruleAlerts(n).stream().filter(a -> a.path("labels").path("alertname").asText()
                                    .equals("PrometheusBadConfig") && a.path("state").asText().equals("firing")).count(),
                                    c -> c >= proms.size());
                    evidence.add(n.id() + ": PrometheusBadConfig firing for all " + proms.size() + " replicas");
                } catch (Wait.WaitTimeoutException e) {
                    problems.add(e.getMessage());
                }
            }
        } finally {
            env.writePrometheusConfig(original);
            for (Node n : proms) {
                env.reload(n);
                try {
                    Wait.until(n.id() + " reloaded the restored config", Duration.ofSeconds(10))
                            .on(() -> Api.metric(n, "prometheus_config_last_reload_successful"),
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
