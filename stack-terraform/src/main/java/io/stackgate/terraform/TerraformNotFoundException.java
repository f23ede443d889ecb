package io.stackgate.terraform;

/**
 * No terraform / tofu binary could be used: none on the PATH, or an explicit path that is missing
 * or not executable. The message names the binaries looked for, the PATH searched and how to
 * install one.
 */
public final class TerraformNotFoundException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TerraformNotFoundException(String message) {
        super(message);
    }
}
