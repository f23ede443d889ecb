package io.stackgate.verify.local.net;

/**
 * toxiproxy-server is missing, did not start, or its API refused a request: the message names the
 * binary (and where it was searched) or the request, the HTTP status and the body.
 */
public final class ToxiproxyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToxiproxyException(String message) {
        super(message);
    }

    public ToxiproxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
