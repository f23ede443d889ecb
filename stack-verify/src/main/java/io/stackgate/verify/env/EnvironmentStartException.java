package io.stackgate.verify.env;

/** The environment could not be started; the message says which node and shows its log tail. */
public final class EnvironmentStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnvironmentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
