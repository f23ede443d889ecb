package io.stackgate.verify.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.MissingBinaryException;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTargetTest {
    @Test
    void startsEveryNodeOnLoopbackAndLeavesNothingRunningAfterClose() {
        Path work;
        try (LocalTarget env = LocalTarget.start(Fixtures.example("seed-2az.yaml"), LocalTarget.Network.LOOPBACK)) {
            work = env.workDir();
            assertThat(env.require(Nodes.class).nodes(Tier.PROMETHEUS)).hasSize(2);
            assertThat(env.require(Nodes.class).nodes(Tier.ALERTMANAGER)).hasSize(3);
            assertThat(env.require(Nodes.class).nodes(Tier.EXPORTER)).hasSize(2);
            assertThat(env.require(Nodes.class).nodes(Tier.PROMETHEUS)).allSatisfy(n -> assertThat(n.url().getHost()).isEqualTo("127.0.0.1"));
            assertThat(env.figures()).containsKey("time_to_ready_s");
            assertThat(env.require(Balancer.class).inService(env.require(Nodes.class).nodes(Tier.PROMETHEUS).get(0))).isTrue();
            assertThat(PrometheusApi.at(env.require(Balancer.class).datasource()).query("1+1").ok()).isTrue();
            assertThat(env.require(Nodes.class).unavailable(Tier.GRAFANA)).isPresent();
            assertThat(env.require(Nodes.class).nodes(Tier.QUERY)).hasSize(2);
            // 2 Prometheus + their 2 Thanos sidecars, 3 Alertmanagers, 2 exporters, 2 query nodes, HAProxy
            assertThat(NodeProcess.liveCount()).isEqualTo(12);
        }
        assertThat(NodeProcess.liveCount()).isZero();
        assertThat(work).doesNotExist();
    }

    @Test
    void aMissingBinaryNamesItThePathAndTheInstallCommand() {
        Binaries none = new Binaries(Map.of("PATH", "/nonexistent"));
        assertThatThrownBy(() -> LocalTarget.start(Fixtures.example("seed-2az.yaml"), none, false))
                .isInstanceOf(MissingBinaryException.class)
                .hasMessageContaining("prometheus not found")
                .hasMessageContaining("PATH=/nonexistent")
                .hasMessageContaining("apt-get install -y prometheus");
    }

    @Test
    void twoReplicasAtOnceDoNotCollide() {
        try (LocalTarget a = LocalTarget.start(Fixtures.example("seed-2az.yaml"));
                LocalTarget b = LocalTarget.start(Fixtures.example("seed-2az.yaml"))) {
            assertThat(a.require(Balancer.class).datasource()).isNotEqualTo(b.require(Balancer.class).datasource());
            assertThat(Files.exists(a.workDir())).isTrue();
            assertThat(PrometheusApi.at(b.require(Balancer.class).datasource()).query("1+1").ok()).isTrue();
        }
    }
}
