package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import io.stackgate.verify.local.LocalTarget;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Status;
import io.stackgate.runtime.Binaries;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grafana-datasource against a STUB grafana-server (a small Python server answering Grafana's two
 * endpoints the way Grafana does), because Grafana cannot be installed here. Proves the check's
 * logic both ways; the real verifier never uses a stub, it reports SKIPPED without Grafana.
 */
class StubGrafanaDatasourceHealthTest {
    @TempDir
    Path dir;

    private Binaries withStub() throws IOException {
        Path stub = dir.resolve("grafana-server");
        try (InputStream in = getClass().getResourceAsStream("stub-grafana-server.py")) {
            Files.copy(in, stub);
        }
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("STACKGATE_GRAFANA_SERVER_BIN", stub.toString());
        return new Binaries(env);
    }

    @Test
    void stubGrafanaPassesWithTheBalancerUpAndFailsWhenItIsGone() throws IOException {
        try (LocalTarget env = LocalTarget.start(Fixtures.example("seed-2az.yaml"), withStub(), false)) {
            assertThat(env.require(Nodes.class).nodes(Tier.GRAFANA)).hasSize(2);
            assertThat(env.require(Nodes.class).unavailable(Tier.GRAFANA)).isEmpty();
            CheckResult healthy = Verifier.runOne(new GrafanaDatasourceHealthCheck(), env, new CheckContext());
            assertThat(healthy.status()).as(healthy.toString()).isEqualTo(Status.PASSED);
            assertThat(healthy.evidence()).allMatch(e -> e.contains("\"status\": \"OK\""));

            env.require(ProcessFaults.class).kill(env.require(Nodes.class).nodes(Tier.LOAD_BALANCER).get(0));
            CheckResult broken = Verifier.runOne(new GrafanaDatasourceHealthCheck(), env, new CheckContext());
            assertThat(broken.status()).isEqualTo(Status.FAILED);
            assertThat(broken.detail()).contains("grafana-1: datasource health is not OK");
        }
    }
}
