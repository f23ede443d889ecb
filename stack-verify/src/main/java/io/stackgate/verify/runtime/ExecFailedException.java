package io.stackgate.verify.runtime;

import java.nio.file.Path;
import java.util.List;

/** An external command that exited with an unexpected code, timed out, or could not start. */
public final class ExecFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> command;
    private final int exitCode;
    private final String output;

    public ExecFailedException(List<String> command, Path dir, int exitCode, String output, String why) {
        super("`" + String.join(" ", command) + "` in " + dir + " " + why
                + (output.isBlank() ? " (no output)" : ":\n" + Output.headAndTail(output, 20, 40)));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.output = output;
    }

    public List<String> command() {
        return command;
    }

    /** The exit code, or -1 when the command timed out or did not start. */
    public int exitCode() {
        return exitCode;
    }

    public String output() {
        return output;
    }
}
