package io.stackgate.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The checked form of {@link ExecFailedException}, for drivers whose operations come as a pair (as
 * in Terratest): {@code tryPlan()} throws a subclass of this, {@code plan()} fails the test. Same
 * message, same facts: the command, the directory, the exit code, every attempt's explanation and
 * the last attempt's output.
 */
public abstract class DriverException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ExecFailedException failure;

    protected DriverException(ExecFailedException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    /** The runner's failure this reports (also the cause). */
    public ExecFailedException failure() {
        return failure;
    }

    /** The command of the last attempt, binary first. */
    public List<String> command() {
        return failure.command();
    }

    public Path directory() {
        return failure.directory();
    }

    /** The last attempt's exit code; -1 when it timed out or could not start. */
    public int exitCode() {
        return failure.exitCode();
    }

    /** The last attempt's complete output (stdout, then stderr). */
    public String output() {
        return failure.output();
    }

    /** One line per attempt: its exit code and why it was (or was not) retried. */
    public List<String> attempts() {
        return failure.attempts();
    }
}
