package io.stackgate.ansible;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stackgate.model.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The extracted tree with the real ansible-playbook: every playbook passes its syntax check, and
 * roles converge into a scratch prefix on this machine with the generated variables, twice, the
 * second time changing nothing.
 */
class RealTreeTest {
    static final List<String> PLAYBOOKS = AnsibleTree.PLAYBOOKS;
    /** The light roles: files only, with services and package installs off (inventory/local.yml does that). */
    private static final String CONVERGE = """
            - name: Converge the base and node exporter roles into the scratch prefix
              hosts: prometheus
              gather_facts: false
              roles:
                - role: common
                - role: node_exporter
            """;

    @TempDir
    static Path shared;
    static Path tree;
    static Path generated;

    @BeforeAll
    static void extractTreeAndGenerate() throws IOException {
        tree = AnsibleTree.extract(shared.resolve("tree"));
        generated = shared.resolve("generated");
        Repo.write(new AnsibleInputs().render(Fixtures.example("seed-2az.yaml")), generated);
    }

    private static AnsiblePlaybook.Builder driver() {
        return AnsiblePlaybook.builder().venv(Repo.requireVenv()).tree(tree).timeout(Duration.ofMinutes(2))
                .retry(RetryPolicy.noRetries());
    }

    @ParameterizedTest
    @FieldSource("PLAYBOOKS")
    void everyPlaybookOfTheExtractedTreePassesTheSyntaxCheck(String playbook) {
        PlaybookResult r = driver().inventoryHosts("localhost").playbook(playbook).build().syntaxCheck();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("playbook: " + tree.resolve(playbook));
        assertThat(r.tasks()).isEmpty();
    }

    @Test
    void rolesConvergeWithTheGeneratedGroupVarsAndASecondConvergeChangesNothing(@TempDir Path work) throws IOException {
        Repo.requireRoot();
        Path prefix = Files.createDirectory(work.resolve("prefix"));
        AnsiblePlaybook converge = driver()
                .inventory(generated.resolve(AnsibleInputs.LOCAL_INVENTORY))
                .playbook(Files.writeString(work.resolve("converge.yml"), CONVERGE))
                .extraVarsFile(generated.resolve(AnsibleInputs.GROUP_VARS))
                .extraVar("stackgate_prefix", prefix.toString())
                // users and packages are the machine's, not the prefix's
                .skipTags("install")
                .build();

        PlaybookResult first = converge.run();
        assertThat(first.failedTasks()).isEmpty();
        assertThat(first.host("localhost").changed()).as("the first converge writes the files").isPositive();
        assertThat(first.task("localhost", "node_exporter : Write the node exporter flags").status())
                .isEqualTo(TaskStatus.CHANGED);
        // The generated values arrived: the listen address of the node job, the active config dir.
        Path env = prefix.resolve("etc/stackgate/node-exporter.env");
        assertThat(Files.readString(env)).contains("--web.listen-address=0.0.0.0:9100");
        assertThat(Files.readString(prefix.resolve("etc/systemd/system/prometheus-node-exporter.service.d/stackgate.conf")))
                .contains("EnvironmentFile=" + env);
        assertThat(prefix.resolve("etc/ssh/sshd_config.d/10-stackgate.conf")).content().contains("PermitRootLogin no");
        // The handlers were notified but touched no service: stackgate_manage_services is false.
        assertThat(first.tasks("localhost").stream().filter(TaskOutcome::handler))
                .isNotEmpty().allSatisfy(h -> assertThat(h.status()).isEqualTo(TaskStatus.SKIPPED));

        PlaybookResult second = converge.run();
        assertThat(second.changedTasks()).as("tasks that changed on the second converge").isEmpty();
        assertThat(second.host("localhost").changed()).isZero();
        assertThat(second.host("localhost").ok()).isPositive();
    }

    @Test
    void theLocalInventoryRefusesToConvergeWithoutAScratchPrefix(@TempDir Path work) throws IOException {
        AnsiblePlaybook converge = driver()
                .inventory(generated.resolve(AnsibleInputs.LOCAL_INVENTORY))
                .playbook(Files.writeString(work.resolve("converge.yml"), CONVERGE))
                .extraVarsFile(generated.resolve(AnsibleInputs.GROUP_VARS))
                .build();

        AnsibleException e = catchThrowableOfType(AnsibleException.class, converge::tryRun);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("on host localhost").contains("pass -e stackgate_prefix=");
        assertThat(e.result().orElseThrow().failedTasks()).hasSize(1);
        assertThat(e.result().orElseThrow().host("localhost").changed()).isZero();
    }
}
