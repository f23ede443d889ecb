package io.stackgate.terraform;

/**
 * The test-failing form of {@link TerraformException}, thrown by the operations without the
 * {@code try} prefix ({@link Terraform#init()}, {@link Terraform#plan()}, …). It is an
 * {@link AssertionError} so that test frameworks report it as a failed assertion; the message is
 * the same as the cause's.
 */
public final class TerraformFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    public TerraformFailure(TerraformException cause) {
        super(cause.getMessage(), cause);
    }

    /** The checked exception with the command, directory, exit code, attempts and output. */
    public TerraformException terraformException() {
        return (TerraformException) getCause();
    }
}
