package io.stackgate.terraform;

import io.stackgate.runtime.MissingBinaryException;

/**
 * No terraform / tofu binary could be used: none found by the lookup ({@code STACKGATE_TERRAFORM_BIN},
 * {@code STACKGATE_TOFU_BIN}, the PATH), or an explicit path that is missing or not executable.
 * The message names the binaries looked for, what was searched and how to install one.
 */
public final class TerraformNotFoundException extends MissingBinaryException {
    private static final long serialVersionUID = 1L;

    TerraformNotFoundException(MissingBinaryException lookup) {
        super(lookup);
    }
}
