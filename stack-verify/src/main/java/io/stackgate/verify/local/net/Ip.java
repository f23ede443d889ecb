package io.stackgate.verify.local.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ip} (iproute2) as this package uses it: listings read as JSON ({@code ip -j}), changes
 * applied as one {@code ip -batch} file per namespace so that building a network is a handful of
 * processes, not one per address.
 */
final class Ip {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;

    Ip(Path binary) {
        this.binary = binary;
    }

    Path binary() {
        return binary;
    }

    /** A link of the root namespace: its name, its alias ({@code ip link set … alias}) and whether it is up. */
    record Link(String name, String alias, boolean up) {
    }

    List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (JsonNode ns : json(List.of("-j", "netns", "list"))) {
            names.add(ns.path("name").asText());
        }
        return names;
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (JsonNode link : json(List.of("-j", "link", "show"))) {
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= flag.asText().equals("UP");
            }
            links.add(new Link(link.path("ifname").asText(), link.path("ifalias").asText(""), up));
        }
        return links;
    }

    /** Every IPv4 route of every table of the root namespace (local and broadcast entries included). */
    List<Cidr> routes() {
        List<Cidr> routes = new ArrayList<>();
        for (JsonNode route : json(List.of("-j", "-4", "route", "show", "table", "all"))) {
            String dst = route.path("dst").asText();
            routes.add(dst.equals("default") ? Cidr.parse("0.0.0.0/0") : Cidr.parse(dst));
        }
        return routes;
    }

    /** The processes inside {@code namespace}; none when it does not exist. */
    List<Long> pids(String namespace) {
        Host.Ran r = Host.attempt(command(List.of("netns", "pids", namespace)), TIMEOUT);
        if (!r.ok()) {
            return List.of();
        }
        return r.output().lines().map(String::strip).filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
    }

    /**
     * Applies {@code lines} (each an {@code ip} command without the leading {@code ip}) inside
     * {@code namespace}, or the root namespace when null; stops at the first failing line and throws
     * naming it.
     */
    void batch(String namespace, List<String> lines) {
        Host.Ran r = runBatch(namespace, lines, false);
        if (!r.ok()) {
            throw new NetworkCommandException("ip -batch" + (namespace == null ? "" : " in namespace " + namespace)
                    + " failed (exit " + r.exitCode() + "): " + r.output().strip() + "\nthe batch was:\n"
                    + numbered(lines));
        }
    }

    /** Applies every line even when some fail (cleanup of what may be half there); returns the outcome. */
    Host.Ran batchIgnoringErrors(List<String> lines) {
        return runBatch(null, lines, true);
    }

    /** {@code ip netns exec NAME command…}: the command line that runs {@code command} inside {@code namespace}. */
    List<String> execIn(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of(binary.toString(), "netns", "exec", namespace));
        full.addAll(command);
        return List.copyOf(full);
    }

    String run(List<String> args) {
        return Host.run(command(args), TIMEOUT);
    }

    private Host.Ran runBatch(String namespace, List<String> lines, boolean force) {
        if (lines.isEmpty()) {
            return new Host.Ran(0, "");
        }
        Path file;
        try {
            file = Files.createTempFile("stackgate-ip-", ".batch");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an ip batch file in " + System.getProperty("java.io.tmpdir"), e);
        }
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>();
            if (namespace != null) {
                args.addAll(List.of("-n", namespace));
            }
            if (force) {
                args.add("-force");
            }
            args.addAll(List.of("-batch", file.toString()));
            return Host.attempt(command(args), TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless; the batch result matters
            }
        }
    }

    private JsonNode json(List<String> args) {
        String out = run(args).strip();
        if (out.isEmpty()) {
            return JSON.createArrayNode(); // older iproute2 prints nothing for an empty listing
        }
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new NetworkCommandException("`ip " + String.join(" ", args) + "` printed no JSON: " + out, e);
        }
    }

    private List<String> command(List<String> args) {
        List<String> full = new ArrayList<>();
        full.add(binary.toString());
        full.addAll(args);
        return full;
    }

    private static String numbered(List<String> lines) {
        return IntStream.range(0, lines.size()).mapToObj(i -> "  " + (i + 1) + ": " + lines.get(i))
                .collect(Collectors.joining("\n"));
    }
}
