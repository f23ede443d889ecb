package io.stackgate.verify.local.net;

/**
 * A toxic on a Toxiproxy proxy, as the server holds it: the proxy, the toxic's name (to remove it),
 * its type ({@code latency}, {@code timeout}) and the direction it acts on.
 */
public record Toxic(String proxy, String name, String type, Stream stream) {
    /** Which bytes a toxic delays or stops: client → upstream, or upstream → client. */
    public enum Stream {
        UPSTREAM, DOWNSTREAM;

        String api() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
