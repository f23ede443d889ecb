package io.stackgate.verify.local.net;

/**
 * The AZ network cannot be built or used here: no free address block, a fault on a zone that does
 * not exist, a network already closed. The message says what and what to do.
 */
public final class NetworkSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkSetupException(String message) {
        super(message);
    }

    public NetworkSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
