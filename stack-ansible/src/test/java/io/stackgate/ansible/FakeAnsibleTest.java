package io.stackgate.ansible;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against a stand-in ansible-playbook (a shell script): the command line and environment
 * it builds, the retry rules, and how it reads results, without Ansible.
 */
class FakeAnsibleTest {
    /**
     * Records its arguments and environment, fails with $FAKE_FAIL_OUTPUT for the first
     * $FAKE_FAILURES calls (exit $FAKE_EXIT), then writes $FAKE_RESULT (a file) as the run's result.
     */
    private static final String FAKE = """
            #!/bin/sh
            n=$(cat "$FAKE_DIR/calls" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$FAKE_DIR/calls"
            printf '%s\\n' "$@" > "$FAKE_DIR/args"
            env | grep -E '^(ANSIBLE_|STACKGATE_)' | sort > "$FAKE_DIR/env"
            test -f "$ANSIBLE_CALLBACK_PLUGINS/stackgate_json.py" || { echo "no callback plugin" >&2; exit 99; }
            for a in "$@"; do case "$a" in @*) cat "${a#@}" > "$FAKE_DIR/extra-vars-$n"; stat -c %a "${a#@}" > "$FAKE_DIR/mode-$n" ;; esac; done
            if [ "$n" -le "${FAKE_FAILURES:-0}" ]; then
              echo "$FAKE_FAIL_OUTPUT"
              exit "${FAKE_EXIT:-2}"
            fi
            if [ -n "$FAKE_RESULT" ]; then cp "$FAKE_RESULT" "$STACKGATE_ANSIBLE_RESULT"; fi
            echo "RECAP fake"
            exit "${FAKE_FINAL_EXIT:-0}"
            """;
    private static final String OK_RESULT = """
            {"format": "stackgate-ansible-result/1",
             "plays": [{"name": "Fake", "tasks": [
               {"name": "Install", "role": "common", "action": "ansible.builtin.apt", "handler": false,
                "hosts": {"localhost": {"status": "ok", "changed": false, "ignored": false}}}]}],
             "stats": {"localhost": {"ok": 1, "changed": 0, "failures": 0, "unreachable": 0, "skipped": 0,
                                     "rescued": 0, "ignored": 0}}}
            """;
    private static final String LOOP_FAILURE = """
            {"format": "stackgate-ansible-result/1",
             "plays": [{"name": "Fake", "tasks": [
               {"name": "Copy the files", "role": "stackgate", "action": "ansible.builtin.copy", "handler": false,
                "hosts": {"node-1": {"status": "failed", "changed": false, "ignored": false,
                                     "msg": "One or more items failed",
                                     "item_msgs": ["Source a.yml not found", "Source b.yml not found"]},
                          "node-2": {"status": "unreachable", "changed": false, "ignored": false,
                                     "msg": "Failed to connect to the host via ssh: Permission denied (publickey)"}}},
               {"name": "Tolerated", "role": null, "action": "ansible.builtin.command", "handler": false,
                "hosts": {"node-1": {"status": "failed", "changed": false, "ignored": true, "msg": "non-zero return code",
                                     "rc": 1, "stderr": "boom"}}}]}],
             "stats": {"node-1": {"ok": 0, "changed": 0, "failures": 1, "unreachable": 0, "skipped": 0,
                                  "rescued": 0, "ignored": 1},
                       "node-2": {"ok": 0, "changed": 0, "failures": 0, "unreachable": 1, "skipped": 0,
                                  "rescued": 0, "ignored": 0}}}
            """;

    @TempDir
    Path dir;
    private Path fake;
    private Path playbook;
    private Path tree;

    @BeforeEach
    void setUp() throws IOException {
        fake = Files.writeString(dir.resolve("ansible-playbook"), FAKE);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        tree = Files.createDirectory(dir.resolve("tree"));
        Files.writeString(tree.resolve("ansible.cfg"), "[defaults]\n");
        playbook = Files.writeString(tree.resolve("site.yml"), "- hosts: all\n");
    }

    private AnsiblePlaybook.Builder driver() {
        return AnsiblePlaybook.builder().binary(fake).tree(tree).playbook("site.yml").inventoryHosts("localhost")
                .env("FAKE_DIR", dir.toString())
                .retry(AnsiblePlaybook.defaultRetry().withBackoff(Duration.ZERO, 1, Duration.ZERO))
                .timeout(Duration.ofSeconds(30));
    }

    private String recorded(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void theCommandLineAndEnvironmentFollowTheOptions() throws IOException {
        Path vars = Files.writeString(dir.resolve("all.yml"), "stackgate_name: obs\n");
        Path inventory = Files.writeString(dir.resolve("hosts.yml"), "all: {}\n");
        driver().inventory(inventory).extraVarsFile(vars).extraVar("stackgate_prefix", "/tmp/x")
                .tags("config", "service").skipTags("install").limit("prometheus").env("ANSIBLE_FORKS", "2")
                .build().check();

        List<String> args = recorded("args").lines().toList();
        assertThat(args).startsWith("-i", "localhost,", "-i", inventory.toString(), playbook.toString(),
                "-e", "@" + vars);
        // the files first, then the values given one by one, which therefore win
        assertThat(args.get(7)).isEqualTo("-e");
        assertThat(args.get(8)).startsWith("@").endsWith("/extra-vars.json");
        assertThat(args.subList(9, args.size())).containsExactly("--tags", "config,service", "--skip-tags", "install",
                "--limit", "prometheus", "--check", "--diff");
        assertThat(String.join(" ", args)).doesNotContain("/tmp/x");
        // the fake copies each @file it was given (the whole run's last: the generated JSON)
        assertThat(recorded("extra-vars-1")).isEqualTo("{\"stackgate_prefix\":\"/tmp/x\"}");
        assertThat(recorded("mode-1").strip()).as("extra vars may hold secrets: owner only").isEqualTo("600");
        assertThat(recorded("env").lines()).contains("ANSIBLE_CONFIG=" + tree.resolve("ansible.cfg"),
                "ANSIBLE_STDOUT_CALLBACK=stackgate_json", "ANSIBLE_NOCOLOR=1", "ANSIBLE_FORKS=2",
                "ANSIBLE_RETRY_FILES_ENABLED=0");
    }

    @Test
    void aKnownTransientErrorIsRetriedAndEveryAttemptIsReported() throws IOException {
        Path result = Files.writeString(dir.resolve("result.json"), OK_RESULT);
        PlaybookResult r = driver().env("FAKE_FAILURES", "2").env("FAKE_RESULT", result.toString())
                .env("FAKE_FAIL_OUTPUT", "fatal: [localhost]: FAILED! => E: Could not get lock /var/lib/dpkg/lock-frontend")
                .build().run();

        assertThat(recorded("calls").strip()).isEqualTo("3");
        assertThat(r.attempts()).hasSize(3);
        assertThat(r.attempts().get(0)).startsWith("1. exit 2: known transient error").contains("dpkg")
                .endsWith("retried after 0 s");
        assertThat(r.attempts().get(2)).isEqualTo("3. exit 0");
        assertThat(r.task("localhost", "common : Install").status()).isEqualTo(TaskStatus.OK);
    }

    @Test
    void aTransientErrorThatOutlastsEveryAttemptFailsWithTheLastOutput() {
        AnsibleException e = catchThrowableOfType(AnsibleException.class, () -> driver().env("FAKE_FAILURES", "9")
                .env("FAKE_FAIL_OUTPUT", "Failed to connect to the host via ssh: Connection refused")
                .build().tryRun());

        assertThat(e).isNotNull();
        assertThat(e.attempts()).hasSize(3);
        assertThat(e.attempts().get(2)).endsWith("no attempts left");
        assertThat(e.getMessage()).contains("exit code 2").contains("| Failed to connect to the host via ssh");
    }

    @Test
    void anyOtherFailureIsFinalAtOnceAndNamesEveryFailedTaskHostAndItem() throws IOException {
        Path result = Files.writeString(dir.resolve("result.json"), LOOP_FAILURE);
        AnsibleException e = catchThrowableOfType(AnsibleException.class, () -> driver().env("FAKE_FINAL_EXIT", "4")
                .env("FAKE_RESULT", result.toString()).build().tryRun());

        assertThat(e).isNotNull();
        assertThat(recorded("calls").strip()).isEqualTo("1");
        assertThat(e.getMessage()).startsWith("ansible-playbook run of site.yml failed: 2 tasks failed (exit code 4)")
                .contains("task \"stackgate : Copy the files\" failed on host node-1 (play \"Fake\"): One or more items"
                        + " failed [failed items: Source a.yml not found; Source b.yml not found]")
                .contains("task \"stackgate : Copy the files\" unreachable on host node-2 (play \"Fake\"): Failed to"
                        + " connect to the host via ssh: Permission denied (publickey)")
                .doesNotContain("Tolerated");
        PlaybookResult r = e.result().orElseThrow();
        assertThat(r.task("node-1", "Tolerated").ignored()).isTrue();
        assertThat(r.task("node-1", "Tolerated").stderr()).isEqualTo("boom");
        assertThat(r.host("node-2").unreachable()).isEqualTo(1);
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void aResultInAnotherFormatIsRefusedRatherThanMisread() throws IOException {
        Path result = Files.writeString(dir.resolve("result.json"), "{\"plays\": [], \"stats\": {}}");
        assertThatThrownBy(() -> driver().env("FAKE_RESULT", result.toString()).build().run())
                .isInstanceOf(AnsibleFailure.class)
                .hasMessageContaining("not a stackgate-ansible-result/1 document");
    }

    @Test
    void aMissingBinaryNamesThePathSearchedAndHowToInstall() {
        assertThatThrownBy(() -> AnsiblePlaybook.builder().binary("ansible-playbook-nowhere").playbook(playbook)
                .env("PATH", "/nonexistent/bin:/also/not/here").build())
                .isInstanceOf(AnsibleNotFoundException.class)
                .hasMessageContaining("no ansible-playbook-nowhere binary found on the PATH searched"
                        + " (/nonexistent/bin:/also/not/here)")
                .hasMessageContaining("pip install ansible-core").hasMessageContaining("apt-get install ansible-core");
        assertThatThrownBy(() -> AnsiblePlaybook.builder().playbook(playbook).env("PATH", "").build())
                .isInstanceOf(AnsibleNotFoundException.class).hasMessageContaining("PATH is empty");
    }

    @Test
    void aVenvWithoutAnsibleNamesTheVenvAndHowToBuildIt() {
        Path venv = dir.resolve("venv-without-ansible");
        assertThatThrownBy(() -> AnsiblePlaybook.builder().venv(venv).playbook(playbook).build())
                .isInstanceOf(AnsibleNotFoundException.class)
                .hasMessageContaining(venv.resolve("bin/ansible-playbook") + " does not exist")
                .hasMessageContaining("python3 -m venv " + venv)
                .hasMessageContaining("ansible/tests/run-gates.sh")
                .hasMessageContaining("pip install ansible-core");
    }

    @Test
    void missingInputsAreRefusedWhenBuilding() {
        assertThatThrownBy(() -> driver().playbook("nope.yml").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("playbook " + tree.resolve("nope.yml") + " does not exist");
        assertThatThrownBy(() -> driver().inventory(dir.resolve("no-inventory.yml")).build())
                .hasMessageContaining("inventory " + dir.resolve("no-inventory.yml") + " does not exist");
        assertThatThrownBy(() -> driver().extraVarsFile(dir.resolve("no-vars.yml")).build())
                .hasMessageContaining("extra-vars file");
    }

    @Test
    void theDriverIsImmutableAndToBuilderMakesIndependentVariants() {
        AnsiblePlaybook base = driver().extraVar("a", 1).build();
        AnsiblePlaybook variant = base.toBuilder().extraVar("b", 2).limit("x").build();
        assertThat(base.extraVars()).containsOnlyKeys("a");
        assertThat(variant.extraVars()).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> base.extraVars().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(variant.binary()).isEqualTo(base.binary());
        assertThat(variant.workingDir()).isEqualTo(tree);
    }
}
