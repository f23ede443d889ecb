package io.stackgate.aws.deploy;

/** A second deploy of a stack into the same account and region: the first one's VPC still exists. */
public final class StackExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackExistsException(String message) {
        super(message);
    }
}
