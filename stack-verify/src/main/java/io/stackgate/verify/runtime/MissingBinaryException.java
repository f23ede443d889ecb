package io.stackgate.verify.runtime;

/** A program stackgate needs is not installed: names it, the PATH searched and how to install it. */
public final class MissingBinaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String binary;

    public MissingBinaryException(String binary, String searched, String install) {
        super(binary + " not found (searched " + searched + "); install it with: " + install);
        this.binary = binary;
    }

    public String binary() {
        return binary;
    }
}
