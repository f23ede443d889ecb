package io.stackgate.terraform;

import io.stackgate.runtime.DriverException;
import io.stackgate.runtime.ExecFailedException;

/**
 * A terraform command failed for good: a non-zero exit that is not a known transient error, a
 * transient error that outlasted every attempt, a timeout, a binary that could not be started, or
 * output that could not be read. The message says the command, the directory, the exit code, every
 * attempt with its explanation, and the head and tail of the <em>last</em> attempt's output.
 */
public class TerraformException extends DriverException {
    private static final long serialVersionUID = 1L;

    /** The runner's failure, with its message, as terraform's checked exception. */
    TerraformException(ExecFailedException failure) {
        super(failure);
    }
}
