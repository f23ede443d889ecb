package io.stackgate.aws.fault;

/**
 * A fault {@link AwsControlPlane} will not inject, and why: the instance is not tagged with the
 * stack, another AZ is already impaired, the zone is not one of the topology's, the instance is in
 * no Auto Scaling group or target group. Nothing was changed when this is thrown.
 */
public final class FaultRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaultRefusedException(String message) {
        super(message);
    }
}
