package io.stackgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against real shell commands. */
class ExecTest {
    @TempDir
    Path dir;

    /** Prints "out" to stdout and "err" to stderr, then exits 3. */
    private static Exec outErrExit3() {
        return Exec.of("sh", "-c", "echo out; echo err >&2; exit 3");
    }

    @Test
    void anAllowedExitCodePassesAndAnyOtherFailsWithCommandDirectoryExitCodeAttemptsAndOutput() {
        Exec.Result ok = outErrExit3().allowExitCodes(0, 3).in(dir).run();
        assertThat(ok.exitCode()).isEqualTo(3);
        assertThat(ok.allowed()).isTrue();
        assertThat(ok.attempts()).containsExactly("1. exit 3");

        ExecFailedException e = catchThrowableOfType(ExecFailedException.class, () -> outErrExit3().in(dir).run());

        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(e.directory()).isEqualTo(dir.toAbsolutePath());
        assertThat(e.timedOut()).isFalse();
        assertThat(e.result()).isPresent();
        assertThat(e.getMessage()).isEqualTo("""
                sh failed: exit code 3
                  command:   sh -c echo out; echo err >&2; exit 3
                  directory: %s
                  exit code: 3
                  attempts:
                    1. exit 3: not a known transient error, not retried
                  output of the last attempt (2 lines):
                    | out
                    | err
                """.formatted(dir.toAbsolutePath()));
    }

    @Test
    void otherAllowedExitCodesAreNamedInTheFailure() {
        assertThatThrownBy(() -> Exec.of("sh", "-c", "exit 2").named("gate").allowExitCodes(0, 1).run())
                .isInstanceOf(ExecFailedException.class)
                .hasMessageStartingWith("gate failed: exit code 2 (allowed: [0, 1])");
    }

    @Test
    void runForAnyExitReturnsAFailedAttemptForTheCallerToInterpret() {
        Exec.Result r = outErrExit3().separateStderr().runForAnyExit();

        assertThat(r.allowed()).isFalse();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.failure("2 tasks failed").getMessage()).startsWith("sh failed: 2 tasks failed\n")
                .contains("| out\n    | err\n");
        assertThatThrownBy(r::orThrow).isInstanceOf(ExecFailedException.class).hasMessageStartingWith("sh failed: exit code 3");
    }

    @Test
    void byDefaultStdoutAndStderrAreOneStreamInTheOrderWritten() {
        Exec.Result r = Exec.of("sh", "-c", "echo 1; echo 2 >&2; sleep 0.1; echo 3").run();

        assertThat(r.stdout()).isEqualTo("1\n2\n3\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.output()).isEqualTo(r.stdout());
    }

    @Test
    void stdinIsClosedSoAProgramReadingItEndsAtOnce() {
        long start = System.nanoTime();
        Exec.Result r = Exec.of("sh", "-c", "read line; echo \"read exit $?\"").timeout(Duration.ofSeconds(20)).run();

        assertThat(r.stdout()).isEqualTo("read exit 1\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theDirectoryAndTheAddedEnvironmentApplyAndTheJvmsEnvironmentIsKept() {
        Exec base = Exec.of("sh", "-c", "echo \"$STACKGATE_X|$PWD|${PATH:+has-path}\"").in(dir);
        Exec withX = base.env("STACKGATE_X", "1");

        assertThat(withX.run().stdout()).isEqualTo("1|" + dir.toAbsolutePath() + "|has-path\n");
        assertThat(base.environment()).as("configuring returns a new Exec").isEmpty();
        assertThat(base.run().stdout()).startsWith("|");
    }

    @Test
    void aKnownTransientErrorIsRetriedWithEveryAttemptExplainedAndTheWaitsOfThePolicy() throws IOException {
        Path script = flaky(2);
        List<Duration> waits = new ArrayList<>();
        RetryPolicy policy = RetryPolicy.of(List.of(RetryPolicy.rule("flaky network", "the network blinked")))
                .withBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(10));

        Exec.Result r = Exec.of("sh", script.toString()).retry(policy).sleeper(waits::add).run();

        assertThat(r.stdout()).isEqualTo("fine (call 3)\n");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(r.attempts()).containsExactly(
                "1. exit 1: known transient error /flaky network/ (the network blinked); retried after 1 s",
                "2. exit 1: known transient error /flaky network/ (the network blinked); retried after 2 s",
                "3. exit 0");
    }

    @Test
    void whenTheAttemptsRunOutTheLastErrorIsKeptAndReportedWithEveryAttempt() throws IOException {
        Path script = flaky(99);
        RetryPolicy policy = RetryPolicy.of(List.of(RetryPolicy.rule("flaky network", "the network blinked")))
                .withBackoff(Duration.ZERO, 1, Duration.ZERO);

        ExecFailedException e = catchThrowableOfType(ExecFailedException.class,
                () -> Exec.of("sh", script.toString()).named("flaky").retry(policy).run());

        assertThat(e.attempts()).hasSize(3).allSatisfy(a -> assertThat(a).contains("the network blinked"));
        assertThat(e.attempts().get(2)).isEqualTo(
                "3. exit 1: known transient error /flaky network/ (the network blinked); no attempts left");
        assertThat(e.output()).isEqualTo("flaky network (call 3)\n");
        assertThat(e.result()).get().extracting(Exec.Result::exitCode).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("flaky failed: exit code 1, still a known transient error after 3 attempts\n")
                .contains("    1. exit 1: known transient error", "    2. exit 1: known transient error",
                        "| flaky network (call 3)")
                .doesNotContain("(call 1)").doesNotContain("(call 2)");
    }

    @Test
    void anErrorNoRuleKnowsIsFinalAtOnce() throws IOException {
        Path script = flaky(99);
        RetryPolicy policy = RetryPolicy.of(List.of(RetryPolicy.rule("throttled", "rate limit")));

        ExecFailedException e = catchThrowableOfType(ExecFailedException.class,
                () -> Exec.of("sh", script.toString()).retry(policy).sleeper(d -> {
                    throw new AssertionError("no wait expected");
                }).run());

        assertThat(e.attempts()).containsExactly("1. exit 1: not a known transient error, not retried");
        assertThat(Files.readString(dir.resolve("calls")).strip()).isEqualTo("1");
    }

    @Test
    void aTimeoutStopsTheWholeProcessTreeIncludingAChildThatIgnoresSigterm() throws IOException {
        Path pidFile = dir.resolve("child.pid");
        // the child ignores SIGTERM (an ignored signal stays ignored across exec): only the SIGKILL after the grace ends it
        Exec exec = Exec.of("sh", "-c", "(trap '' TERM; exec sleep 300) & echo $! > " + pidFile + "; echo started; wait")
                .named("tree").timeout(Duration.ofSeconds(2)).stopGrace(Duration.ofSeconds(1));

        long start = System.nanoTime();
        ExecFailedException e = catchThrowableOfType(ExecFailedException.class, exec::run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(running(child)).as("the child sleeping in the background, pid " + child).isFalse();
        assertThat(e.timedOut()).isTrue();
        assertThat(e.exitCode()).isEqualTo(-1);
        assertThat(e.result()).isEmpty();
        assertThat(e.output()).as("what it printed before the timeout").isEqualTo("started\n");
        assertThat(e.getMessage()).startsWith("tree failed: did not finish within 2 s\n")
                .contains("1. did not finish within 2 s: killed, not retried (stopped with its whole process tree:"
                        + " SIGTERM, then SIGKILL to what was left after 1 s)");
        assertThat(took).as("timeout + grace, then the kill").isBetween(Duration.ofSeconds(3), Duration.ofSeconds(15));
    }

    @Test
    void aTimeoutIsNotRetriedEvenWhenItsOutputMatchesARule() {
        RetryPolicy policy = RetryPolicy.of(List.of(RetryPolicy.rule("slow", "it is slow")))
                .withBackoff(Duration.ZERO, 1, Duration.ZERO);

        ExecFailedException e = catchThrowableOfType(ExecFailedException.class, () -> Exec.of("sh", "-c", "echo slow; sleep 30")
                .timeout(Duration.ofMillis(500)).retry(policy).run());

        assertThat(e.attempts()).singleElement().asString().startsWith("1. did not finish within 0.5 s");
    }

    @Test
    void aLongOutputIsCutToItsHeadAndTailInTheMessageButKeptWholeInTheException() {
        String lines = IntStream.rangeClosed(1, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        ExecFailedException e = catchThrowableOfType(ExecFailedException.class,
                () -> Exec.of("sh", "-c", "printf '%s\\n' \"$TEXT\"; exit 1").env("TEXT", lines).run());

        assertThat(e.getMessage()).contains("output of the last attempt (200 lines; first 15 and last 40 shown)")
                .contains("| line 15\n").doesNotContain("| line 16\n").contains("| … 145 lines omitted …")
                .doesNotContain("| line 160\n").contains("| line 161\n").contains("| line 200\n");
        assertThat(e.output()).contains("line 16\n");
    }

    @Test
    void aProgramThatCannotStartIsNamed() {
        ExecFailedException e = catchThrowableOfType(ExecFailedException.class,
                () -> Exec.of(dir.resolve("no-such-program").toString(), "x").run());

        assertThat(e.exitCode()).isEqualTo(-1);
        assertThat(e.getMessage()).startsWith("no-such-program failed: could not start " + dir.resolve("no-such-program"))
                .contains("1. could not start: ").contains("output of the last attempt: (none)");
    }

    @Test
    void thePreparationRunsBeforeEveryAttemptAndItsFailureStopsTheRun() throws IOException {
        Path script = flaky(1);
        List<Integer> prepared = new ArrayList<>();
        RetryPolicy policy = RetryPolicy.of(List.of(RetryPolicy.rule("flaky", "blink")))
                .withBackoff(Duration.ZERO, 1, Duration.ZERO);

        Exec.of("sh", script.toString()).retry(policy).beforeEachAttempt(prepared::add).run();
        assertThat(prepared).containsExactly(1, 2);

        ExecFailedException e = catchThrowableOfType(ExecFailedException.class, () -> Exec.of("true")
                .beforeEachAttempt(n -> {
                    throw new IOException("disk full");
                }).run());
        assertThat(e.getMessage()).startsWith("true failed: could not prepare attempt 1: java.io.IOException: disk full");
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> Exec.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Exec.of("true").timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Exec.of("true").allowExitCodes()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Exec.of("true").stopGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A script that fails with "flaky network (call N)" on its first {@code failures} calls, then prints "fine". */
    private Path flaky(int failures) throws IOException {
        Path calls = dir.resolve("calls");
        return Files.writeString(dir.resolve("flaky.sh"), """
                n=$(( $(cat '%s' 2>/dev/null || echo 0) + 1 )); echo "$n" > '%s'
                if [ "$n" -le %d ]; then echo "flaky network (call $n)" >&2; exit 1; fi
                echo "fine (call $n)"
                """.formatted(calls, calls, failures));
    }

    /** True while {@code pid} runs; a zombie (dead, not yet reaped by whoever inherited it) is not running. */
    static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s;
        try {
            s = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        char state = s.charAt(s.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
