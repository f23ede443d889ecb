package io.stackgate.aws.emulator;

/** The AWS emulator cannot be found, started or reached; the message says what to do. */
public final class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
