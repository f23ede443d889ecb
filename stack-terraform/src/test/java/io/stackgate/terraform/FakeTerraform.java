package io.stackgate.terraform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@code terraform} for tests: a bash script written to a temporary directory. Every
 * call appends one line to {@code calls.log} (subcommand, arguments, TF_DATA_DIR,
 * TF_PLUGIN_CACHE_DIR, TF_IN_AUTOMATION, working directory). Per subcommand, the test configures:
 * <ul>
 *   <li>{@link #failFirst}: the first N calls print a message (with {@code {n}} replaced by the
 *       call number) to stderr and exit with a code; later calls succeed;</li>
 *   <li>{@link #failAlways}: every call fails that way;</li>
 *   <li>{@link #stdout}: what a successful call prints (e.g. {@code show}'s plan JSON);</li>
 *   <li>{@link #sleep}: seconds to sleep before answering.</li>
 * </ul>
 * {@code plan -out=FILE} writes FILE, as the real one does.
 */
final class FakeTerraform {
    private static final String SCRIPT = """
            #!/usr/bin/env bash
            # fake terraform for stackgate's tests
            state='@STATE@'
            sub="${1:-}"
            printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$sub" "$*" "${TF_DATA_DIR:-}" "${TF_PLUGIN_CACHE_DIR:-}" \\
              "${TF_IN_AUTOMATION:-}" "$PWD" >> "$state/calls.log"
            count_file="$state/$sub.count"
            n=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$count_file"
            if [[ -f "$state/$sub.sleep" ]]; then sleep "$(cat "$state/$sub.sleep")"; fi
            if [[ -f "$state/$sub.fail-times" ]]; then
              times=$(cat "$state/$sub.fail-times")
              if [[ "$times" == always || "$n" -le "$times" ]]; then
                msg=$(cat "$state/$sub.fail-message")
                echo "${msg//\\{n\\}/$n}" >&2
                exit "$(cat "$state/$sub.fail-exit")"
              fi
            fi
            for arg in "$@"; do
              case "$arg" in -out=*) echo "fake plan" > "${arg#-out=}" ;; esac
            done
            if [[ -f "$state/$sub.stdout" ]]; then cat "$state/$sub.stdout"; else echo "fake terraform: $sub ok"; fi
            exit 0
            """;

    private final Path dir;

    private FakeTerraform(Path dir) {
        this.dir = dir;
    }

    /** Writes the script as {@code <dir>/bin/terraform}. */
    static FakeTerraform in(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Path script = bin.resolve("terraform");
        Files.writeString(script, SCRIPT.replace("@STATE@", state.toString()), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FakeTerraform(dir);
    }

    Path binary() {
        return dir.resolve("bin/terraform");
    }

    FakeTerraform failFirst(String subcommand, int times, int exitCode, String message) throws IOException {
        return fail(subcommand, String.valueOf(times), exitCode, message);
    }

    FakeTerraform failAlways(String subcommand, int exitCode, String message) throws IOException {
        return fail(subcommand, "always", exitCode, message);
    }

    FakeTerraform stdout(String subcommand, String content) throws IOException {
        Files.writeString(state().resolve(subcommand + ".stdout"), content, StandardCharsets.UTF_8);
        return this;
    }

    FakeTerraform sleep(String subcommand, double seconds) throws IOException {
        Files.writeString(state().resolve(subcommand + ".sleep"), String.valueOf(seconds));
        return this;
    }

    /** One line per call, in call order. */
    List<Call> calls() throws IOException {
        Path log = state().resolve("calls.log");
        List<Call> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split("\t", -1);
            calls.add(new Call(f[0], f[1], f[2], f[3], f[4], f[5]));
        }
        return calls;
    }

    List<String> subcommands() throws IOException {
        return calls().stream().map(Call::subcommand).toList();
    }

    record Call(String subcommand, String args, String dataDir, String pluginCacheDir, String automation, String pwd) {
    }

    private FakeTerraform fail(String subcommand, String times, int exitCode, String message) throws IOException {
        Files.writeString(state().resolve(subcommand + ".fail-times"), times);
        Files.writeString(state().resolve(subcommand + ".fail-exit"), String.valueOf(exitCode));
        Files.writeString(state().resolve(subcommand + ".fail-message"), message, StandardCharsets.UTF_8);
        return this;
    }

    private Path state() {
        return dir.resolve("state");
    }
}
