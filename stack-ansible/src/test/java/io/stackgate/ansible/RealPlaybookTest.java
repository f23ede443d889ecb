package io.stackgate.ansible;

import io.stackgate.runtime.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against the real ansible-playbook of the gates' venv, on small playbooks written here. */
class RealPlaybookTest {
    private static final String OUTCOMES = """
            - name: Outcomes
              hosts: all
              gather_facts: false
              tasks:
                - name: Say hello
                  ansible.builtin.debug:
                    msg: "hello {{ greeting_target | default('nobody') }}"
                - name: Change something
                  ansible.builtin.command: "true"
                  changed_when: true
                - name: Skip this one
                  ansible.builtin.debug:
                    msg: never
                  when: false
                - name: Fail on purpose
                  ansible.builtin.fail:
                    msg: "stackgate-known-failure on {{ inventory_hostname }}"
                  when: make_it_fail | default(false) | bool
                - name: Tagged only
                  ansible.builtin.debug:
                    msg: tagged
                  tags: [special]
            """;
    private static final String HOSTS = """
            all:
              hosts:
                localhost:
                  ansible_connection: local
                  ansible_python_interpreter: "{{ ansible_playbook_python }}"
                second-host:
                  ansible_connection: local
                  ansible_python_interpreter: "{{ ansible_playbook_python }}"
            """;

    @TempDir
    Path dir;
    private Path venv;
    private Path hosts;

    @BeforeEach
    void setUp() throws IOException {
        venv = Repo.requireVenv();
        hosts = Files.writeString(dir.resolve("hosts.yml"), HOSTS);
    }

    private AnsiblePlaybook.Builder playbook(String name, String content) throws IOException {
        return AnsiblePlaybook.builder().venv(venv).tree(Repo.ansibleDir()).inventory(hosts)
                .playbook(Files.writeString(dir.resolve(name), content)).timeout(Duration.ofMinutes(2))
                .retry(RetryPolicy.noRetries());
    }

    @Test
    void runReportsEveryTasksOutcomePerHostAndTheRecap() throws IOException {
        PlaybookResult r = playbook("outcomes.yml", OUTCOMES).limit("localhost")
                .extraVar("greeting_target", "world").build().run();

        assertThat(r.succeeded()).isTrue();
        assertThat(r.stats().keySet()).containsExactly("localhost");
        HostStats s = r.host("localhost");
        assertThat(s.changed()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(s.skipped()).isEqualTo(2);
        assertThat(s.ok()).isEqualTo(3);
        assertThat(r.tasks("localhost")).extracting(TaskOutcome::name, TaskOutcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Say hello", TaskStatus.OK),
                org.assertj.core.groups.Tuple.tuple("Change something", TaskStatus.CHANGED),
                org.assertj.core.groups.Tuple.tuple("Skip this one", TaskStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("Fail on purpose", TaskStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("Tagged only", TaskStatus.OK));
        assertThat(r.task("localhost", "Say hello").msg()).isEqualTo("hello world");
        assertThat(r.task("localhost", "Change something").action()).isEqualTo("ansible.builtin.command");
        assertThat(r.changedTasks()).extracting(TaskOutcome::name).containsExactly("Change something");
        assertThat(r.failedTasks()).isEmpty();
        assertThat(r.stdout()).contains("TASK [Say hello]", "RECAP localhost ok=3 changed=1");
        assertThatThrownBy(() -> r.host("elsewhere")).hasMessageContaining("[localhost]");
    }

    @Test
    void aFailedTaskIsNamedWithItsHostAndMessage() throws IOException {
        AnsiblePlaybook p = playbook("outcomes.yml", OUTCOMES).extraVar("make_it_fail", true).build();

        AnsibleException e = catchThrowableOfType(AnsibleException.class, p::tryRun);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("ansible-playbook run of outcomes.yml failed: 2 tasks failed (exit code 2)")
                .contains("task \"Fail on purpose\" failed on host localhost (play \"Outcomes\"):"
                        + " stackgate-known-failure on localhost")
                .contains("task \"Fail on purpose\" failed on host second-host (play \"Outcomes\"):"
                        + " stackgate-known-failure on second-host")
                .contains("  command:   " + venv.resolve("bin/ansible-playbook"))
                .contains("  directory: " + Repo.ansibleDir())
                .contains("  exit code: 2")
                .contains("1. exit 2: not a known transient error, not retried")
                .contains("| failed: [localhost] => stackgate-known-failure on localhost");
        assertThat(e.exitCode()).isEqualTo(2);
        PlaybookResult r = e.result().orElseThrow();
        assertThat(r.failedTasks()).extracting(TaskOutcome::host).containsExactly("localhost", "second-host");
        assertThat(r.host("localhost").failed()).isEqualTo(1);
        assertThat(r.tasks("localhost")).extracting(TaskOutcome::name).doesNotContain("Tagged only");

        assertThatThrownBy(p::run).isInstanceOf(AnsibleFailure.class).isInstanceOf(AssertionError.class)
                .hasMessageContaining("stackgate-known-failure on localhost");
    }

    @Test
    void extraVarsReachThePlaybookThroughAFileNeverTheCommandLine() throws IOException {
        String tricky = "it's \"quoted\" $HOME; rm -rf / #not-a-comment";
        PlaybookResult r = playbook("echo.yml", """
                - name: Echo
                  hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Echo the variable
                      ansible.builtin.debug:
                        msg: "{{ tricky }}|{{ nested.list | join(',') }}"
                """).extraVar("tricky", tricky).extraVar("nested", Map.of("list", List.of("a", "b"))).build().run();

        assertThat(r.task("localhost", "Echo the variable").msg()).isEqualTo(tricky + "|a,b");
        assertThat(String.join(" ", r.command())).doesNotContain("quoted").doesNotContain("HOME")
                .containsPattern("-e @/\\S+/extra-vars\\.json");
        String file = r.command().stream().filter(a -> a.endsWith("extra-vars.json")).findFirst().orElseThrow();
        assertThat(Path.of(file.substring(1))).as("the scratch directory is removed after the run").doesNotExist();
    }

    @Test
    void noLogResultsStayCensoredInResultsAndFailureReports() throws IOException {
        String secret = "pw-9f2c7e-never-shown";
        AnsiblePlaybook p = playbook("secret.yml", """
                - name: Secret
                  hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Use the secret
                      ansible.builtin.command: "echo {{ secret }}"
                      changed_when: false
                      no_log: true
                    - name: Fail with the secret
                      ansible.builtin.fail:
                        msg: "the password is {{ secret }}"
                      no_log: true
                """).extraVar("secret", secret).build();

        AnsibleException e = catchThrowableOfType(AnsibleException.class, p::tryRun);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("task \"Fail with the secret\" failed on host localhost")
                .contains("no_log").doesNotContain(secret);
        assertThat(e.output()).doesNotContain(secret);
        assertThat(e.result().orElseThrow().tasks()).allSatisfy(t -> assertThat(t.msg() + t.stderr())
                .doesNotContain(secret));
    }

    @Test
    void checkModeReportsWhatWouldChangeAndChangesNothing() throws IOException {
        Path target = dir.resolve("written.txt");
        AnsiblePlaybook p = playbook("write.yml", """
                - name: Write
                  hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Write the file
                      ansible.builtin.copy:
                        content: "stackgate\\n"
                        dest: "{{ target }}"
                        mode: "0644"
                """).extraVar("target", target.toString()).build();

        assertThat(p.check().task("localhost", "Write the file").status()).isEqualTo(TaskStatus.CHANGED);
        assertThat(target).doesNotExist();
        assertThat(p.run().task("localhost", "Write the file").status()).isEqualTo(TaskStatus.CHANGED);
        assertThat(target).hasContent("stackgate");
        PlaybookResult again = p.check();
        assertThat(again.task("localhost", "Write the file").status()).isEqualTo(TaskStatus.OK);
        assertThat(again.host("localhost").changed()).isZero();
    }

    @Test
    void tagsSelectTasksAndLimitSelectsHosts() throws IOException {
        PlaybookResult r = playbook("outcomes.yml", OUTCOMES).tags("special").build().run();
        assertThat(r.stats().keySet()).containsExactly("localhost", "second-host");
        assertThat(r.tasks("second-host")).extracting(TaskOutcome::name).containsExactly("Tagged only");

        PlaybookResult limited = playbook("outcomes.yml", OUTCOMES).skipTags("special").limit("second-host").build().run();
        assertThat(limited.stats().keySet()).containsExactly("second-host");
        assertThat(limited.tasks("second-host")).extracting(TaskOutcome::name).doesNotContain("Tagged only")
                .contains("Say hello");
    }

    @Test
    void aSyntaxErrorFailsTheSyntaxCheckWithAnsiblesErrorLine() throws IOException {
        AnsiblePlaybook p = playbook("broken.yml", """
                - name: Broken
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: Call a module that does not exist
                      ansible.builtin.no_such_module_here:
                        x: 1
                """).build();

        AnsibleException e = catchThrowableOfType(AnsibleException.class, p::trySyntaxCheck);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("ansible-playbook syntax-check of broken.yml failed: exit code")
                .contains("no_such_module_here").contains("--syntax-check");
        assertThat(e.result()).isPresent();
        assertThat(e.result().get().tasks()).isEmpty();
    }

    @Test
    void aTimeoutStopsAnsibleAndEverythingItStarted() throws IOException {
        AnsiblePlaybook p = playbook("slow.yml", """
                - name: Slow
                  hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Sleep far longer than the timeout
                      ansible.builtin.command: sleep 97.25
                """).timeout(Duration.ofSeconds(6)).build();

        long start = System.nanoTime();
        AnsibleException e = catchThrowableOfType(AnsibleException.class, p::tryRun);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("did not finish within 6 s").contains("stopped with its whole process tree");
        assertThat(e.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        List<String> leftovers = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains("sleep 97.25") || c.contains("slow.yml")).toList();
        assertThat(leftovers).as("processes left running after the timeout").isEmpty();
    }

    @Test
    void debiansAnsibleCore214ReportsTheSameOutcomes() throws IOException {
        Path debian = Path.of("/usr/bin/ansible-playbook");
        assumeTrue(Files.isExecutable(debian), "no " + debian + " (Debian 12's ansible-core, what the images run)");
        PlaybookResult r = playbook("outcomes.yml", OUTCOMES).binary(debian).limit("localhost")
                .extraVar("greeting_target", "bookworm").build().toBuilder().build().run();
        assertThat(r.command().get(0)).isEqualTo(debian.toString());
        assertThat(r.task("localhost", "Say hello").msg()).isEqualTo("hello bookworm");
        assertThat(r.host("localhost").changed()).isEqualTo(1);
        assertThat(r.host("localhost").skipped()).isEqualTo(2);
    }
}
