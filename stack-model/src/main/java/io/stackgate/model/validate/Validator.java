package io.stackgate.model.validate;

import io.stackgate.model.Topology;
import io.stackgate.model.validate.rules.AlertmanagerRules;
import io.stackgate.model.validate.rules.GrafanaRules;
import io.stackgate.model.validate.rules.HaRules;
import io.stackgate.model.validate.rules.LoadBalancerRules;
import io.stackgate.model.validate.rules.PrometheusRules;
import io.stackgate.model.validate.rules.QueryRules;
import io.stackgate.model.validate.rules.SecurityRules;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Runs the built-in rules and any rules found through {@link ServiceLoader}. */
public final class Validator {
    private final List<ValidationRule> rules;

    private Validator(List<ValidationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in rules plus every {@link ValidationRule} registered on the class path. */
    public static Validator withDiscoveredRules() {
        List<ValidationRule> all = new ArrayList<>(builtIn());
        ServiceLoader.load(ValidationRule.class).forEach(all::add);
        return new Validator(all);
    }

    /** The built-in rules plus {@code extra}. */
    public static Validator of(List<ValidationRule> extra) {
        List<ValidationRule> all = new ArrayList<>(builtIn());
        all.addAll(extra);
        return new Validator(all);
    }

    public static List<ValidationRule> builtIn() {
        return List.of(new HaRules(), new PrometheusRules(), new AlertmanagerRules(), new GrafanaRules(),
                new LoadBalancerRules(), new SecurityRules(), new QueryRules());
    }

    /** Every finding, errors first, in a stable order. */
    public List<Finding> validate(Topology topology) {
        List<Finding> findings = new ArrayList<>();
        for (ValidationRule rule : rules) {
            findings.addAll(rule.check(topology));
        }
        findings.sort(Finding.ORDER);
        return List.copyOf(findings);
    }

    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::isError);
    }
}
