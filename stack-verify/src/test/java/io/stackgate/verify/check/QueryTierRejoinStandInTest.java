package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.stackgate.verify.api.ThanosApi;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads answers of /api/v1/stores in the shape thanos query v0.42.5 gives them (recorded from a local
 * stack; a stand-in server plays them back, the real query tier is exercised by the examples' runs).
 */
class QueryTierRejoinStandInTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>("{}");

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/api/v1/stores", ex -> {
            byte[] b = answer.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (ex) {
                ex.getResponseBody().write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String stores(String lastCheck, String lastError) {
        return "{\"status\":\"success\",\"data\":{\"sidecar\":[{\"name\":\"127.0.0.1:1\",\"lastCheck\":\"2026-12-03T08:42:04.6Z\","
                + "\"lastError\":null,\"labelSets\":[{\"replica\":\"prometheus-1\",\"stack\":\"obs\"}],\"minTime\":1,"
                + "\"maxTime\":9223372036854775807},{\"name\":\"127.0.0.1:2\",\"lastCheck\":\"" + lastCheck + "\",\"lastError\":"
                + (lastError == null ? "null" : "\"" + lastError + "\"") + ",\"labelSets\":[{\"replica\":\"prometheus-2\","
                + "\"stack\":\"obs\"}],\"minTime\":1,\"maxTime\":9223372036854775807}]}}";
    }

    private Nodes oneQueryNode() {
        Node q = new Node(Tier.QUERY, "query-1", 0, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        return new Nodes() {
            @Override
            public List<Node> nodes(Tier tier) {
                return tier == Tier.QUERY ? List.of(q) : List.of();
            }

            @Override
            public Optional<String> unavailable(Tier tier) {
                return Optional.empty();
            }

            @Override
            public String replicaOf(Node node) {
                return "";
            }

            @Override
            public String logTail(Node node, int lines) {
                return "";
            }
        };
    }

    @Test
    void storesAreReadWithTheirHealthAndLabels() {
        answer.set(stores("2026-12-03T08:42:05Z", "rpc error: connection refused"));
        List<ThanosApi.Store> s = ThanosApi.at(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).stores();
        assertThat(s).extracting(ThanosApi.Store::name).containsExactly("127.0.0.1:1", "127.0.0.1:2");
        assertThat(s.get(0).healthy()).isTrue();
        assertThat(s.get(1).healthy()).isFalse();
        assertThat(s.get(1).announces("replica", "prometheus-2")).isTrue();
        assertThat(s.get(1).lastCheck()).isEqualTo(Instant.parse("2026-12-03T08:42:05Z"));
    }

    @Test
    void aStoreStillFailingOrCheckedBeforeTheReplacementIsNotARejoin() {
        Instant replacedAt = Instant.parse("2026-12-03T08:42:05Z");
        answer.set(stores("2026-12-03T08:42:06Z", "rpc error: connection refused"));
        assertThatThrownBy(() -> QueryTierRejoin.await(oneQueryNode(), "replica", "prometheus-2", replacedAt,
                Duration.ofMillis(300))).isInstanceOf(Wait.WaitTimeoutException.class).hasMessageContaining("connection refused");
        answer.set(stores("2026-12-03T08:42:04Z", null));
        assertThatThrownBy(() -> QueryTierRejoin.await(oneQueryNode(), "replica", "prometheus-2", replacedAt,
                Duration.ofMillis(300))).isInstanceOf(Wait.WaitTimeoutException.class);
        assertThatThrownBy(() -> QueryTierRejoin.await(oneQueryNode(), "replica", "prometheus-3", replacedAt,
                Duration.ofMillis(300))).isInstanceOf(Wait.WaitTimeoutException.class).hasMessageContaining("no store announces it");
    }

    @Test
    void aHealthyStoreCheckedAfterTheReplacementIsARejoin() {
        answer.set(stores("2026-12-03T08:42:06Z", null));
        java.util.OptionalDouble waited = QueryTierRejoin.await(oneQueryNode(), "replica", "prometheus-2",
                Instant.parse("2026-12-03T08:42:05Z"), Duration.ofSeconds(2));
        assertThat(waited).isPresent();
        assertThat(waited.getAsDouble()).isLessThan(2.0);
    }
}
