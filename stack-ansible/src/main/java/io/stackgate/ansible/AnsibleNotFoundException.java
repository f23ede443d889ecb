package io.stackgate.ansible;

/**
 * No ansible-playbook could be used: none on the PATH, a venv without it, or an explicit path that
 * is missing or not executable. The message names what was looked for, where (the PATH searched or
 * the venv), and how to install it ({@code pip install ansible-core}, {@code apt-get install
 * ansible-core}).
 */
public final class AnsibleNotFoundException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AnsibleNotFoundException(String message) {
        super(message);
    }
}
