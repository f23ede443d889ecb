package io.stackgate.aws.fault;

/**
 * The {@code action} names of the {@link io.stackgate.verify.target.ControlPlane.Fault}s
 * {@link AwsControlPlane} returns, and the detail keys it records for their rollback.
 */
public final class Actions {
    /** TerminateInstanceInAutoScalingGroup, capacity kept: the group launches a replacement. */
    public static final String TERMINATE = "terminate";
    /** StopInstances on every running stack instance of one AZ. */
    public static final String STOP_ZONE = "stop-zone";
    /** DeregisterTargets of one instance from every target group it is registered in. */
    public static final String DEREGISTER = "deregister";

    /** The Auto Scaling group of a terminated instance. */
    public static final String GROUP = "group";
    /** The group's min and desired capacity before the fault: what the rollback restores. */
    public static final String MIN_BEFORE = "minBefore";
    public static final String DESIRED_BEFORE = "desiredBefore";
    /** Comma-separated {@code arn=port} pairs the instance was deregistered from. */
    public static final String TARGETS = "targets";
    public static final String TIER = "tier";
    public static final String PRIVATE_IP = "privateIp";

    private Actions() {
    }
}
