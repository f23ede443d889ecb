package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stackgate.model.Fixtures;
import io.stackgate.model.Query;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Deployment.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The query tier's layout, endpoints file and command lines. */
class ThanosRenderTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Deployment.Local local(Topology t) {
        return LocalLayouts.sequential(t, "/tmp/cfg", 33_000, Deployment.Tempo.fast(), "http://127.0.0.1:32999/hook");
    }

    @Test
    void everyReplicaGetsASidecarAndEveryNodeItsOwnPorts() {
        Topology t = Fixtures.example("three-az.yaml");
        Deployment.Local d = local(t);
        assertThat(d.sidecars()).hasSize(t.prometheus().replicas());
        assertThat(d.queries()).hasSize(t.query().replicas());
        List<Endpoint> all = new ArrayList<>(d.prometheus());
        d.sidecars().forEach(s -> all.addAll(List.of(s.grpc(), s.http())));
        d.queries().forEach(q -> all.addAll(List.of(q.http(), q.grpc())));
        all.addAll(List.of(d.prometheusLb(), d.queryLb(), d.lbStats(), d.lbRuntimeApi(), d.publicLb()));
        Set<Integer> ports = new HashSet<>();
        all.forEach(e -> assertThat(ports.add(e.port())).as("port %s is given once", e).isTrue());
        assertThat(d.datasourceUrl()).isEqualTo("http://" + d.queryLb());
    }

    @Test
    void withoutAQueryTierNothingOfItIsAllocatedOrRendered() {
        Topology t = Fixtures.clean().toBuilder().query(Query.none()).build();
        Deployment.Local d = local(t);
        assertThat(d.sidecars()).isEmpty();
        assertThat(d.queries()).isEmpty();
        assertThat(d.queryLb()).isNull();
        assertThat(d.datasourceUrl()).isEqualTo("http://" + d.prometheusLb());
        assertThat(new Renderer().render(t, d).files().keySet()).noneMatch(p -> p.contains("thanos"));
    }

    @Test
    void theQueryTierKeepsTheOlderNodesPorts() {
        Topology none = Fixtures.clean().toBuilder().query(Query.none()).build();
        Deployment.Local a = local(none);
        Deployment.Local b = local(Fixtures.clean());
        assertThat(b.prometheus()).isEqualTo(a.prometheus());
        assertThat(b.prometheusLb()).isEqualTo(a.prometheusLb());
        assertThat(b.lbStats()).isEqualTo(a.lbStats());
    }

    @Test
    void queryReadsEverySidecarFromTheRenderedEndpointsFile() throws Exception {
        Deployment.Local d = local(Fixtures.clean());
        Bundle bundle = new Renderer().render(Fixtures.clean(), d);
        JsonNode stores = YAML.readTree(bundle.text("config/thanos/stores.yml"));
        List<String> addresses = new ArrayList<>();
        stores.get("endpoints").forEach(e -> addresses.add(e.get("address").asText()));
        assertThat(addresses).containsExactlyElementsOf(d.sidecars().stream().map(s -> s.grpc().toString()).toList());
        assertThat(new Renderer().render(Fixtures.clean(), d).text("config/thanos/stores.yml"))
                .isEqualTo(bundle.text("config/thanos/stores.yml"));
    }

    @Test
    void localCommandLinesFollowTheReplicasTempo() {
        Topology t = Fixtures.clean();
        Deployment.Local d = local(t);
        ThanosFlags f = ThanosFlags.of(t, d);
        assertThat(f.sidecar(d, 1, "/data/p2")).containsExactly("sidecar",
                "--prometheus.url=http://" + d.prometheus().get(1), "--tsdb.path=/data/p2",
                "--grpc-address=" + d.sidecars().get(1).grpc(), "--http-address=" + d.sidecars().get(1).http(),
                "--prometheus.get_config_interval=1s", "--prometheus.get_config_timeout=5s", "--log.level=warn");
        assertThat(f.query(d, 0)).containsExactly("query",
                "--http-address=" + d.queries().get(0).http(), "--grpc-address=" + d.queries().get(0).grpc(),
                "--endpoint.sd-config-file=/tmp/cfg/thanos/stores.yml", "--endpoint.sd-config-reload-interval=5s",
                "--endpoint.info-timeout=1s", "--query.replica-label=replica", "--query.partial-response",
                "--store.response-timeout=500ms", "--log.level=warn");
        assertThat(f.prometheus()).containsExactly("--storage.tsdb.min-block-duration=2h",
                "--storage.tsdb.max-block-duration=2h");
    }

    @Test
    void awsHostsGetTheirFlagsFromTheBundle() throws Exception {
        JsonNode flags = YAML.readTree(new Renderer().render(Fixtures.clean()).text("config/thanos/flags.yml"));
        assertThat(flags.get("query").toString()).contains("--query.replica-label=replica")
                .contains("--endpoint.sd-config-file=" + ThanosFlags.AWS_ENDPOINTS_FILE)
                .contains("--endpoint.info-timeout=15s").contains("--http-address=0.0.0.0:10902");
        assertThat(flags.get("sidecar").toString()).contains("--prometheus.url=http://127.0.0.1:9090")
                .contains("--grpc-address=0.0.0.0:10901").contains("--prometheus.get_config_interval=15s");
        assertThat(flags.get("prometheus").toString()).contains("--storage.tsdb.min-block-duration=2h");
        assertThat(flags.get("query_endpoints_file").asText()).isEqualTo(ThanosFlags.AWS_ENDPOINTS_FILE);
    }
}
