package io.stackgate.verify.target;

/** The target could not be started; the message says which node and shows its log tail. */
public final class TargetStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TargetStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
