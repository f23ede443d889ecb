package io.stackgate.terraform;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the terraform / tofu binary on a PATH. */
final class Binaries {
    /** Looked for in this order when no binary is given. */
    static final List<String> DEFAULT_NAMES = List.of("terraform", "tofu");
    static final String HOW_TO_INSTALL = "install Terraform >= 1.9 (https://developer.hashicorp.com/terraform/install)"
            + " or OpenTofu (https://opentofu.org/docs/intro/install/) so that it is on the PATH,"
            + " or give its location with Terraform.builder().binary(\"/path/to/terraform\")";

    private Binaries() {
    }

    /** The first of {@code names} found as an executable file in a directory of {@code searchPath}. */
    static Optional<Path> find(List<String> names, String searchPath) {
        if (searchPath == null || searchPath.isEmpty()) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code requested} (null: terraform, then tofu; a name without '/': that name on the
     * PATH; otherwise a file path).
     *
     * @throws TerraformNotFoundException naming what was looked for, where, and how to install it
     */
    static Path resolve(String requested, String searchPath) {
        if (requested != null && requested.contains(File.separator)) {
            Path p = Path.of(requested).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new TerraformNotFoundException("terraform binary " + p + " does not exist; " + HOW_TO_INSTALL);
            }
            if (!Files.isExecutable(p)) {
                throw new TerraformNotFoundException("terraform binary " + p + " is not executable (chmod +x " + p
                        + "); " + HOW_TO_INSTALL);
            }
            return p;
        }
        List<String> names = requested == null ? DEFAULT_NAMES : List.of(requested);
        return find(names, searchPath).orElseThrow(() -> new TerraformNotFoundException("no "
                + String.join(" or ", names) + " binary found on the PATH searched ("
                + (searchPath == null || searchPath.isEmpty() ? "PATH is empty" : searchPath) + "); " + HOW_TO_INSTALL));
    }
}
