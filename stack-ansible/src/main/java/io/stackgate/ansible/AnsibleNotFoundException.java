package io.stackgate.ansible;

import io.stackgate.runtime.MissingBinaryException;

/**
 * No ansible-playbook could be used: none on the PATH, a venv without it, or an explicit path that
 * is missing or not executable. The message names what was looked for, where (the PATH searched or
 * the venv), and how to install it ({@code pip install ansible-core}, {@code apt-get install
 * ansible-core}).
 */
public final class AnsibleNotFoundException extends MissingBinaryException {
    private static final long serialVersionUID = 1L;

    /** The one lookup's failure (or a venv or file given without an executable), worded as this driver always has. */
    AnsibleNotFoundException(MissingBinaryException lookup) {
        super(lookup);
    }
}
