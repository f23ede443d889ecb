package io.stackgate.aws.target.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HAProxy's runtime API on a TCP stats socket (admin level): one command per connection. */
final class HaproxyRuntime {
    private final String host;
    private final int port;

    HaproxyRuntime(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends {@code command} and returns HAProxy's answer.
     *
     * @throws UncheckedIOException when the socket does not answer, or HAProxy refuses the command
     */
    String command(String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (answer.startsWith("No such") || answer.startsWith("Unknown") || answer.contains("Require '")
                    || answer.startsWith("Invalid")) {
                throw new UncheckedIOException(new IOException("HAProxy refused \"" + command + "\" on " + host + ":" + port
                        + ": " + answer));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy's runtime API " + host + ":" + port + " did not take \"" + command
                    + "\": " + e.getMessage(), e);
        }
    }
}
