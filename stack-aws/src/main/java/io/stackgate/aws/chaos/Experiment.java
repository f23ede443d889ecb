package io.stackgate.aws.chaos;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The experiments of {@code stackgate chaos} (and of the FIS templates {@code generate} writes):
 * each one fault through the AWS API, with the claim the hypothesis then holds the stack to.
 */
public enum Experiment {
    TERMINATE_PROMETHEUS("terminate-prometheus", "Terminate one Prometheus instance through its Auto Scaling group",
            "the group launches a replacement that becomes InService and healthy in its target group, the stack keeps "
                    + "serving and still conforms", false),
    TERMINATE_ALERTMANAGER("terminate-alertmanager", "Terminate one Alertmanager instance through its Auto Scaling group",
            "the group launches a replacement that becomes InService and Healthy, the stack keeps serving and still "
                    + "conforms", false),
    STOP_AZ("stop-az", "Stop every stack instance in one availability zone",
            "while the zone is down every tier is still served from the others; the rollback starts the instances", true),
    DEREGISTER_TARGET("deregister-target", "Deregister one Prometheus instance from its target group",
            "the internal load balancer keeps a healthy target; the rollback registers the instance again", true);

    private final String id;
    private final String title;
    private final String claim;
    private final boolean holdsFault;

    Experiment(String id, String title, String claim, boolean holdsFault) {
        this.id = id;
        this.title = title;
        this.claim = claim;
        this.holdsFault = holdsFault;
    }

    /** The name on the command line and of the FIS template file. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** What the hypothesis after the method holds the stack to. */
    public String claim() {
        return claim;
    }

    /**
     * True when the fault stays in place until the rollback (stopped, deregistered): capacity and
     * conformance cannot hold meanwhile, so the hypothesis after the method asks only that the
     * stack still serves. A terminate is repaired by the group itself and is held to everything.
     */
    public boolean holdsFault() {
        return holdsFault;
    }

    public static Optional<Experiment> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /** "terminate-prometheus, terminate-alertmanager, stop-az, deregister-target". */
    public static String ids() {
        return Arrays.stream(values()).map(Experiment::id).collect(Collectors.joining(", "));
    }
}
