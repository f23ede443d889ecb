package io.stackgate.verify.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.runtime.Binaries;
import io.stackgate.verify.runtime.MissingBinaryException;
import io.stackgate.verify.runtime.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalEnvironmentTest {
    @Test
    void startsEveryNodeOnLoopbackAndLeavesNothingRunningAfterClose() {
        Path work;
        try (LocalEnvironment env = LocalEnvironment.start(Fixtures.example("seed-2az.yaml"))) {
            work = env.workDir();
            assertThat(env.nodes(Tier.PROMETHEUS)).hasSize(2);
            assertThat(env.nodes(Tier.ALERTMANAGER)).hasSize(3);
            assertThat(env.nodes(Tier.EXPORTER)).hasSize(2);
            assertThat(env.nodes(Tier.PROMETHEUS)).allSatisfy(n -> assertThat(n.url().getHost()).isEqualTo("127.0.0.1"));
            assertThat(env.figures()).containsKey("time_to_ready_s");
            assertThat(env.inService(env.nodes(Tier.PROMETHEUS).get(0))).isTrue();
            assertThat(Http.query(env.prometheusLoadBalancer(), "1+1").ok()).isTrue();
            assertThat(env.unavailable(Tier.GRAFANA)).isPresent();
            assertThat(NodeProcess.liveCount()).isEqualTo(8);
        }
        assertThat(NodeProcess.liveCount()).isZero();
        assertThat(work).doesNotExist();
    }

    @Test
    void aMissingBinaryNamesItThePathAndTheInstallCommand() {
        Binaries none = new Binaries(Map.of("PATH", "/nonexistent"));
        assertThatThrownBy(() -> LocalEnvironment.start(Fixtures.example("seed-2az.yaml"), none, false))
                .isInstanceOf(MissingBinaryException.class)
                .hasMessageContaining("prometheus not found")
                .hasMessageContaining("PATH=/nonexistent")
                .hasMessageContaining("apt-get install -y prometheus");
    }

    @Test
    void twoReplicasAtOnceDoNotCollide() {
        try (LocalEnvironment a = LocalEnvironment.start(Fixtures.example("seed-2az.yaml"));
                LocalEnvironment b = LocalEnvironment.start(Fixtures.example("seed-2az.yaml"))) {
            assertThat(a.prometheusLoadBalancer()).isNotEqualTo(b.prometheusLoadBalancer());
            assertThat(Files.exists(a.workDir())).isTrue();
            assertThat(Http.query(b.prometheusLoadBalancer(), "1+1").ok()).isTrue();
        }
    }
}
