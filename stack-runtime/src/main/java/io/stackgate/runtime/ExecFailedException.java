package io.stackgate.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An external command failed for good: an exit code it does not allow (after every retry the
 * policy granted), a timeout, a program that could not start, an interruption, or output its
 * caller could not use. The message reads:
 *
 * <pre>
 * terraform apply failed: exit code 1, still a known transient error after 3 attempts
 *   command:   /usr/bin/terraform apply -input=false -no-color -auto-approve
 *   directory: /tmp/stackgate-terraform-1/module
 *   exit code: 1
 *   attempts:
 *     1. exit 1: known transient error /…/ (the AWS API throttled the request); retried after 5 s
 *     …
 *   output of the last attempt (200 lines; first 15 and last 40 shown):
 *     | …
 * </pre>
 */
public final class ExecFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Lines of the output shown from its start and from its end; the middle of a long output is left out. */
    public static final int HEAD_LINES = 15;
    public static final int TAIL_LINES = 40;

    private final String operation;
    private final transient List<String> command;
    private final transient Path directory;
    private final int exitCode;
    private final String output;
    private final transient List<String> attempts;
    private final String reason;
    private final transient Exec.Result result;
    private final boolean timedOut;

    ExecFailedException(String operation, List<String> command, Path directory, int exitCode, String output,
            List<String> attempts, String reason, Exec.Result result, boolean timedOut, Throwable cause) {
        super(message(operation, command, directory, exitCode, output, attempts, reason), cause);
        this.operation = operation;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.exitCode = exitCode;
        this.output = output;
        this.attempts = List.copyOf(attempts);
        this.reason = reason;
        this.result = result;
        this.timedOut = timedOut;
    }

    /** The command's name, e.g. "terraform plan". */
    public String operation() {
        return operation;
    }

    /** The command of the last attempt, program first. */
    public List<String> command() {
        return command;
    }

    public Path directory() {
        return directory;
    }

    /** The last attempt's exit code; -1 when it timed out, did not start or was interrupted. */
    public int exitCode() {
        return exitCode;
    }

    /** The last attempt's complete output (stdout, then stderr); what was printed until then after a timeout. */
    public String output() {
        return output;
    }

    /** One line per attempt: its exit code and why it was (or was not) retried. */
    public List<String> attempts() {
        return attempts;
    }

    /** Why it failed, the message's first line after "… failed: ". */
    public String reason() {
        return reason;
    }

    /** The last attempt, when it ran to its exit (not after a timeout, a start failure or an interruption). */
    public Optional<Exec.Result> result() {
        return Optional.ofNullable(result);
    }

    /** True when the last attempt outlived its timeout and its process tree was stopped. */
    public boolean timedOut() {
        return timedOut;
    }

    private static String message(String operation, List<String> command, Path directory, int exitCode, String output,
            List<String> attempts, String reason) {
        StringBuilder m = new StringBuilder();
        m.append(operation).append(" failed: ").append(reason).append('\n');
        m.append("  command:   ").append(String.join(" ", command)).append('\n');
        m.append("  directory: ").append(directory).append('\n');
        m.append("  exit code: ").append(exitCode).append('\n');
        m.append("  attempts:\n");
        for (String a : attempts) {
            m.append("    ").append(a).append('\n');
        }
        return m.append(excerpt(output)).toString();
    }

    /** The head and tail of {@code output}, every line prefixed, with the omitted line count between. */
    private static String excerpt(String output) {
        List<String> lines = output.isEmpty() ? List.of() : List.of(output.split("\r?\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        StringBuilder m = new StringBuilder();
        if (lines.isEmpty()) {
            return m.append("  output of the last attempt: (none)\n").toString();
        }
        boolean cut = lines.size() > HEAD_LINES + TAIL_LINES;
        m.append("  output of the last attempt (").append(lines.size()).append(lines.size() == 1 ? " line" : " lines")
                .append(cut ? "; first " + HEAD_LINES + " and last " + TAIL_LINES + " shown" : "").append("):\n");
        List<String> shown = cut ? lines.subList(0, HEAD_LINES) : lines;
        shown.forEach(l -> m.append("    | ").append(l).append('\n'));
        if (cut) {
            m.append("    | … ").append(lines.size() - HEAD_LINES - TAIL_LINES).append(" lines omitted …\n");
            lines.subList(lines.size() - TAIL_LINES, lines.size()).forEach(l -> m.append("    | ").append(l).append('\n'));
        }
        return m.toString();
    }
}
