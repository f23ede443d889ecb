package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.fault.Actions;
import io.stackgate.verify.target.ControlPlane.Fault;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits until a fault's effect shows in the API before the hypothesis is probed, so that
 * {@code stack-serving} judges the stack without the faulted instances rather than a state the
 * fault has not reached yet: terminated (or shutting down), stopped, no longer registered.
 */
final class Effects {
    private Effects() {
    }

    /** Returns what was seen; throws {@link Wait.WaitTimeoutException} past {@code timeout}. */
    static String await(AwsClients aws, Fault fault, Duration timeout) {
        return switch (fault.action()) {
            case Actions.TERMINATE -> "instance " + Wait.until(fault.instanceIds() + " shutting down or terminated", timeout)
                    .polling(Duration.ofMillis(500)).on(() -> states(aws, fault.instanceIds()),
                            s -> s.values().stream().allMatch(v -> v.equals("shutting-down") || v.equals("terminated")));
            case Actions.STOP_ZONE -> "instances " + Wait.until(fault.instanceIds() + " stopped", timeout)
                    .polling(Duration.ofMillis(500)).on(() -> states(aws, fault.instanceIds()),
                            s -> s.values().stream().allMatch("stopped"::equals));
            case Actions.DEREGISTER -> Wait.until(fault.instanceIds() + " out of " + fault.details().get(Actions.TARGETS), timeout)
                    .polling(Duration.ofMillis(500)).on(() -> registered(aws, fault), List::isEmpty).isEmpty()
                            ? "no longer registered (or draining) in " + fault.details().get(Actions.TARGETS) : "";
            default -> "not observed: unknown action " + fault.action();
        };
    }

    private static Map<String, String> states(AwsClients aws, List<String> ids) {
        Map<String, String> out = new TreeMap<>();
        aws.ec2().describeInstances(r -> r.instanceIds(ids)).reservations()
                .forEach(r -> r.instances().forEach(i -> out.put(i.instanceId(), i.state().nameAsString())));
        return out;
    }

    private static List<String> registered(AwsClients aws, Fault fault) {
        String id = fault.instanceIds().get(0);
        return java.util.Arrays.stream(fault.details().get(Actions.TARGETS).split(",")).map(t -> t.split("=")[0])
                .filter(arn -> aws.elb().describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions().stream()
                        .anyMatch(h -> h.target().id().equals(id) && !"draining".equals(h.targetHealth().stateAsString())))
                .toList();
    }
}
