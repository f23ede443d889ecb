package io.stackgate.cli;

/** A problem the user can fix (bad file, unusable output directory); printed as one line, exit 2. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
