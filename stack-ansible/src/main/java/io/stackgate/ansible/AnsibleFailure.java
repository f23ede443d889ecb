package io.stackgate.ansible;

/**
 * The test-failing form of {@link AnsibleException}, thrown by the operations without the
 * {@code try} prefix ({@link AnsiblePlaybook#run()}, {@link AnsiblePlaybook#check()},
 * {@link AnsiblePlaybook#syntaxCheck()}). It is an {@link AssertionError} so that test frameworks
 * report it as a failed assertion; the message is the same as the cause's.
 */
public final class AnsibleFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    public AnsibleFailure(AnsibleException cause) {
        super(cause.getMessage(), cause);
    }

    /** The checked exception with the command, directory, exit code, attempts, output and results. */
    public AnsibleException ansibleException() {
        return (AnsibleException) getCause();
    }
}
