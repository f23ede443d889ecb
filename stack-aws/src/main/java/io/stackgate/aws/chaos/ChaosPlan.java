package io.stackgate.aws.chaos;

import io.stackgate.verify.target.Node;
import java.util.List;
import java.util.Optional;

/**
 * What an experiment will do, resolved before anything is touched: every action with the node or
 * zone it acts on and the resources it will change (instance ids, private IPs, groups, target
 * groups), all in one AZ. {@code --dry-run} prints it; the runner executes exactly it.
 */
public record ChaosPlan(Experiment experiment, String stack, String zone, List<Action> actions) {
    public ChaosPlan {
        actions = List.copyOf(actions);
    }

    /**
     * One control-plane call: {@code kind} is {@code terminate}, {@code stop-zone} or {@code deregister}
     * ({@link io.stackgate.aws.fault.Actions}); {@code node} is set for the node actions.
     */
    public record Action(String kind, Optional<Node> node, String zone, List<String> resources) {
        public Action {
            resources = List.copyOf(resources);
        }
    }

    /** The plan as lines for people: what, which resources, which AZ. */
    public List<String> describe() {
        List<String> out = new java.util.ArrayList<>();
        out.add("experiment " + experiment.id() + ": " + experiment.title() + " (stack " + stack + ", zone " + zone + ")");
        out.add("claim: " + experiment.claim());
        for (Action a : actions) {
            out.add("  " + a.kind() + a.node().map(n -> " " + n.id()).orElse(" " + a.zone()) + " in " + a.zone());
            a.resources().forEach(r -> out.add("    " + r));
        }
        return out;
    }
}
