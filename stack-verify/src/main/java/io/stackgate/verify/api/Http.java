package io.stackgate.verify.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Small HTTP calls against the nodes' APIs with the JDK client. Errors come back as values (status
 * -1 and the exception text) because checks poll and report what they last saw.
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** The answer to one request: status (-1 when there was none) and body or error text. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public Optional<JsonNode> json() {
            try {
                return Optional.of(JSON.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return status == -1 ? "no answer (" + b + ")" : "HTTP " + status + " " + b.strip();
        }
    }

    public static Response get(URI uri) {
        return get(uri, Duration.ofSeconds(3));
    }

    public static Response get(URI uri, Duration timeout) {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
    }

    public static Response post(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    /** Runs an instant PromQL query against a Prometheus base URL. */
    public static Response query(URI base, String promql) {
        return get(URI.create(base.toString().replaceAll("/$", "") + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    }

    public static HttpClient client() {
        return CLIENT;
    }
}
