package io.stackgate.ansible;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An ansible-playbook command failed for good: a non-zero exit (failed or unreachable hosts, a
 * syntax error, bad options) that is not a known transient error, a transient error that outlasted
 * every attempt, a timeout, or a binary that could not be started. The message names each failed
 * task with its host and message when the run got that far, then the command, the directory, the
 * exit code, every attempt's explanation, and the head and tail of the last attempt's output.
 */
public class AnsibleException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> command;
    private final transient Path directory;
    private final int exitCode;
    private final String output;
    private final transient List<String> attempts;
    private final transient PlaybookResult result;

    AnsibleException(String message, List<String> command, Path directory, int exitCode, String output,
            List<String> attempts, PlaybookResult result, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.directory = directory;
        this.exitCode = exitCode;
        this.output = output;
        this.attempts = List.copyOf(attempts);
        this.result = result;
    }

    /** The command of the last attempt, binary first. */
    public List<String> command() {
        return command;
    }

    public Path directory() {
        return directory;
    }

    /** The last attempt's exit code; -1 when it timed out or could not start. */
    public int exitCode() {
        return exitCode;
    }

    /** The last attempt's complete output (stdout, then stderr). */
    public String output() {
        return output;
    }

    /** One line per attempt: its exit code and why it was (or was not) retried. */
    public List<String> attempts() {
        return attempts;
    }

    /**
     * The last attempt's per-task results, when the run got as far as running plays (not for a
     * syntax error, a timeout or a binary that could not start).
     */
    public Optional<PlaybookResult> result() {
        return Optional.ofNullable(result);
    }
}
