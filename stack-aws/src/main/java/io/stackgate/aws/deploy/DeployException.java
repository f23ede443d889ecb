package io.stackgate.aws.deploy;

/**
 * A deploy could not complete. Everything it had created was removed again before this was thrown
 * (the message lists any resource whose removal failed too).
 */
public final class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }

    public DeployException(String message) {
        super(message);
    }
}
