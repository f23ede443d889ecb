package io.stackgate.verify.local.net;

/**
 * A command this package ran ({@code ip}, {@code nft}, {@code toxiproxy-server}) failed: the message
 * names the command, the directory, the exit code and the head and tail of its output.
 */
public final class NetworkCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkCommandException(String message, Throwable cause) {
        super(message, cause);
    }

    public NetworkCommandException(String message) {
        super(message);
    }
}
