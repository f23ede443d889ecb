package io.stackgate.verify.local.internal;

import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.api.HaproxyStats;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.target.TargetStartException;
import io.stackgate.verify.wait.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the local target knows a node is ready, one strategy per kind of node (Testcontainers'
 * wait strategies): an HTTP path answering 2xx, an Alertmanager cluster settled with all its peers,
 * a balancer with every server up. Each waits with a name and a bound and, on timeout, fails with
 * what it last saw and the node's log.
 */
public interface Readiness {
    Duration TIMEOUT = Duration.ofSeconds(30);
    Duration POLL = Duration.ofMillis(50);

    /** Returns when {@code node} is ready; throws {@link TargetStartException} otherwise. */
    void await(LocalNode node);

    /** {@code GET path} on the node's own URL answers 2xx. */
    static Readiness http(String path) {
        return n -> awaitOk(n, n.node().resolve(path));
    }

    /** {@code GET url} answers 2xx (a companion process of the node, e.g. its Thanos sidecar). */
    static Readiness http(URI url) {
        return n -> awaitOk(n, url);
    }

    /** Each strategy in turn. */
    static Readiness allOf(Readiness... strategies) {
        List<Readiness> all = List.of(strategies);
        return n -> all.forEach(r -> r.await(n));
    }

    private static void awaitOk(LocalNode n, URI url) {
        guarded(n, () -> Wait.until(n.node().id() + " " + url + " answering 2xx", TIMEOUT)
                .polling(POLL).on(() -> n.alive(Http.get(url)), Http.Response::ok));
    }

    /** Ready, then the gossip cluster reports {@code ready} with {@code peers} members. */
    static Readiness alertmanagerCluster(int peers) {
        Readiness ready = http("/-/ready");
        if (peers < 2) {
            return ready;
        }
        return n -> {
            ready.await(n);
            guarded(n, () -> Wait.until(n.node().id() + " cluster settled with " + peers + " peers", TIMEOUT).polling(POLL)
                    .on(() -> n.alive(AlertmanagerApi.of(n.node()).clusterStatus()), s -> s.equals("ready/" + peers)));
        };
    }

    /**
     * Ready, then {@code /api/v1/stores} lists {@code stores} stores with no last error: a Thanos query that
     * answers before it has found the sidecars answers with nothing.
     */
    static Readiness queryStores(int stores) {
        Readiness ready = http("/-/ready");
        return n -> {
            ready.await(n);
            guarded(n, () -> Wait.until(n.node().id() + " seeing " + stores + " healthy stores", TIMEOUT).polling(POLL)
                    .on(() -> n.alive(Http.get(n.node().resolve("/api/v1/stores"))), r -> healthyStores(r) >= stores));
        };
    }

    private static long healthyStores(Http.Response r) {
        return r.json().map(j -> {
            long healthy = 0;
            for (com.fasterxml.jackson.databind.JsonNode group : j.path("data")) {
                for (com.fasterxml.jackson.databind.JsonNode store : group) {
                    if (store.path("lastError").isNull() || store.path("lastError").asText().isEmpty()) {
                        healthy++;
                    }
                }
            }
            return healthy;
        }).orElse(0L);
    }

    /** Every server of every named backend is up on the stats page. */
    static Readiness balancer(HaproxyStats stats, Map<String, Integer> serversByBackend) {
        return n -> guarded(n, () -> {
            for (Map.Entry<String, Integer> b : serversByBackend.entrySet()) {
                Wait.until(n.node().id() + " with " + b.getValue() + " servers of backend " + b.getKey() + " up", TIMEOUT)
                        .polling(POLL).on(() -> n.alive(stats.servers(b.getKey())),
                                s -> s.map(m -> m.values().stream().filter(v -> v.startsWith("UP")).count()).orElse(-1L)
                                        == b.getValue().longValue());
            }
        });
    }

    /** Turns a timed-out wait into a start failure that shows the node's log. */
    private static void guarded(LocalNode n, Runnable wait) {
        try {
            wait.run();
        } catch (Wait.WaitTimeoutException e) {
            throw new TargetStartException(n.node().id() + " did not become ready: " + e.getMessage()
                    + "\n--- last lines of its log ---\n" + n.logTail(25), e);
        }
    }
}
