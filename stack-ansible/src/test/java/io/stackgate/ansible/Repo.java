package io.stackgate.ansible;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import io.stackgate.model.render.Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The repository checkout the tests run in: examples, the ansible tree, the Ansible venv. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        return Fixtures.examples().getParent();
    }

    static Path ansibleDir() {
        return root().resolve("ansible");
    }

    /** The venv ansible/tests/run-gates.sh builds. */
    static Path venv() {
        return root().resolve(".tools/venv-ansible");
    }

    /** Skips the calling test, saying how to get the venv, when it has no ansible-playbook. */
    static Path requireVenv() {
        Path bin = venv().resolve("bin/ansible-playbook");
        assumeTrue(Files.isExecutable(bin), "no " + bin + ": run ansible/tests/run-gates.sh (as root), which builds"
                + " the venv from ansible/tests/requirements.txt, to run the real ansible-playbook tests");
        return venv();
    }

    /** Skips the calling test unless it runs as root: the roles give their files to root. */
    static void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the roles chown their files to root; run as root to converge them (the gates do)");
    }

    /** Every {@code examples/*.yaml}, sorted. */
    static List<Path> examples() {
        try (Stream<Path> s = Files.list(Fixtures.examples())) {
            List<Path> all = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            if (all.isEmpty()) {
                throw new AssertionError("no examples/*.yaml under " + Fixtures.examples());
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Topology load(Path example) {
        try {
            return new TopologyLoader().load(example);
        } catch (TopologyLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Writes a bundle's files under {@code dir}. */
    static void write(Bundle bundle, Path dir) {
        try {
            for (Map.Entry<String, byte[]> e : bundle.files().entrySet()) {
                Path file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
