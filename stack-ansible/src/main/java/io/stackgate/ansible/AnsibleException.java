package io.stackgate.ansible;

import io.stackgate.runtime.DriverException;
import io.stackgate.runtime.ExecFailedException;
import java.util.Optional;

/**
 * An ansible-playbook command failed for good: a non-zero exit (failed or unreachable hosts, a
 * syntax error, bad options) that is not a known transient error, a transient error that outlasted
 * every attempt, a timeout, or a binary that could not be started. The message names each failed
 * task with its host and message when the run got that far, then the command, the directory, the
 * exit code, every attempt's explanation, and the head and tail of the last attempt's output.
 */
public class AnsibleException extends DriverException {
    private static final long serialVersionUID = 1L;

    private final transient PlaybookResult result;

    /** The runner's failure, with its message, as ansible's checked exception; {@code result} may be null. */
    AnsibleException(ExecFailedException failure, PlaybookResult result) {
        super(failure);
        this.result = result;
    }

    /**
     * The last attempt's per-task results, when the run got as far as running plays (not for a
     * syntax error, a timeout or a binary that could not start).
     */
    public Optional<PlaybookResult> result() {
        return Optional.ofNullable(result);
    }
}
