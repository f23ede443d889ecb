package io.stackgate.ansible;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds ansible-playbook: an explicit path, a name on a PATH, or a venv's {@code bin/}. */
final class Binaries {
    static final String DEFAULT_NAME = "ansible-playbook";
    static final String HOW_TO_INSTALL = "install ansible-core (2.14 or later): `pip install ansible-core` in a venv,"
            + " or `apt-get install ansible-core` on Debian/Ubuntu; or give its location with"
            + " AnsiblePlaybook.builder().binary(\"/path/to/ansible-playbook\") or .venv(venvDir)";

    private Binaries() {
    }

    /** {@code name} as an executable file in a directory of {@code searchPath}. */
    static Optional<Path> find(String name, String searchPath) {
        if (searchPath == null || searchPath.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves the binary: {@code venv}'s {@code bin/ansible-playbook} when a venv is given, else
     * {@code requested} (null: ansible-playbook on the PATH; a name without '/': that name on the
     * PATH; otherwise a file path).
     *
     * @throws AnsibleNotFoundException naming what was looked for, where, and how to install it
     */
    static Path resolve(String requested, Path venv, String searchPath) {
        if (venv != null) {
            Path p = venv.resolve("bin").resolve(DEFAULT_NAME);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new AnsibleNotFoundException(p + (Files.exists(p) ? " is not executable" : " does not exist")
                        + ": the venv " + venv + " has no ansible-core. Create it with `python3 -m venv " + venv
                        + " && " + venv.resolve("bin/pip") + " install ansible-core` (in the stackgate repository,"
                        + " ansible/tests/run-gates.sh builds .tools/venv-ansible), or " + HOW_TO_INSTALL);
            }
            return p;
        }
        if (requested != null && requested.contains(File.separator)) {
            Path p = Path.of(requested).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new AnsibleNotFoundException("ansible-playbook binary " + p + " does not exist; " + HOW_TO_INSTALL);
            }
            if (!Files.isExecutable(p)) {
                throw new AnsibleNotFoundException("ansible-playbook binary " + p + " is not executable (chmod +x " + p
                        + "); " + HOW_TO_INSTALL);
            }
            return p;
        }
        String name = requested == null ? DEFAULT_NAME : requested;
        return find(name, searchPath).orElseThrow(() -> new AnsibleNotFoundException("no " + name
                + " binary found on the PATH searched ("
                + (searchPath == null || searchPath.isEmpty() ? "PATH is empty" : searchPath) + "); " + HOW_TO_INSTALL));
    }
}
