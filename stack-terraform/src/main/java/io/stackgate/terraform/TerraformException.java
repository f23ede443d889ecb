package io.stackgate.terraform;

import java.nio.file.Path;
import java.util.List;

/**
 * A terraform command failed for good: a non-zero exit that is not a known transient error, a
 * transient error that outlasted every attempt, a timeout, a binary that could not be started, or
 * output that could not be read. The message says the command, the directory, the exit code, every
 * attempt with its explanation, and the head and tail of the <em>last</em> attempt's output.
 */
public class TerraformException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> command;
    private final transient Path directory;
    private final int exitCode;
    private final String output;
    private final transient List<String> attempts;

    TerraformException(String message, List<String> command, Path directory, int exitCode, String output,
            List<String> attempts, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.directory = directory;
        this.exitCode = exitCode;
        this.output = output;
        this.attempts = List.copyOf(attempts);
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
}
