package io.stackgate.terraform;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository checkout the tests run in: examples, the terraform tree, tfvars written to disk. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        return Fixtures.examples().getParent();
    }

    static Path terraformDir() {
        return root().resolve("terraform");
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

    static String tfvars(Topology t) {
        return new TfvarsGenerator().render(t).text(TfvarsGenerator.PATH);
    }

    /** The generated tfvars of {@code examples/<name>} written to {@code dir/<stem>.auto.tfvars.json}. */
    static Path writeTfvars(String example, Path dir) throws IOException {
        String stem = example.replaceFirst("\\.yaml$", "");
        return Files.writeString(dir.resolve(stem + ".auto.tfvars.json"), tfvars(Fixtures.example(example)));
    }
}
