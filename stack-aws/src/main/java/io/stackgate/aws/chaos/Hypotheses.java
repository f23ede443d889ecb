package io.stackgate.aws.chaos;

import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.Verifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The steady-state hypothesis of every experiment: the built-in checks that change nothing
 * ({@code ready}, {@code shared-config}, {@code datasource}, {@code replica-labels}; they need a
 * target with node processes and are SKIPPED on one without) and the AWS-level probes
 * ({@code stack-serving}, {@code stack-healthy}, {@code conformance}).
 *
 * <p>After the method, an experiment whose fault is held until the rollback ({@link
 * Experiment#holdsFault()}: stopped or deregistered instances) is held to the probes that say the
 * stack still serves ({@code stack-serving}, {@code datasource}); capacity and conformance cannot
 * hold while its fault is in place by design. A terminate is held to all of them, and
 * {@code stack-healthy} then waits up to {@code recovery} for the group's replacement.
 */
public final class Hypotheses {
    static final Set<String> READ_ONLY_CHECKS = Set.of("ready", "shared-config", "datasource", "replica-labels");
    static final Set<String> SERVING_CHECKS = Set.of("datasource");

    private Hypotheses() {
    }

    /** Before the method: everything must hold now (a short wait for the groups' health). */
    public static List<Check> before(Duration settle) {
        List<Check> out = new ArrayList<>(builtIn(READ_ONLY_CHECKS));
        out.add(new StackServingProbe());
        out.add(new StackHealthyProbe(settle));
        out.add(new ConformanceProbe());
        return out;
    }

    /** After the method, for {@code experiment}. */
    public static List<Check> after(Experiment experiment, Duration recovery) {
        if (experiment.holdsFault()) {
            List<Check> out = new ArrayList<>(builtIn(SERVING_CHECKS));
            out.add(new StackServingProbe());
            return out;
        }
        // stack-healthy first: it waits for the replacement that the other probes then look at
        List<Check> out = new ArrayList<>(List.of(new StackHealthyProbe(recovery)));
        out.addAll(builtIn(READ_ONLY_CHECKS));
        out.add(new StackServingProbe());
        out.add(new ConformanceProbe());
        return out;
    }

    private static List<Check> builtIn(Set<String> names) {
        return Verifier.builtIn().stream().filter(c -> names.contains(c.name())).toList();
    }
}
