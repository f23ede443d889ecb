package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed inputs through the CLI: exit 2, one line on stderr with file:line:column, no stack
 * trace, and no output written, for validate and generate alike.
 */
class BadInputCliTest {
    @TempDir
    static Path dir;

    static final String HEAD = "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1b]\n";

    static Stream<String[]> inputs() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"empty", ""});
        cases.add(new String[] {"not-yaml", "name: [obs\n"});
        cases.add(new String[] {"top-list", "- a\n- b\n"});
        cases.add(new String[] {"wrong-type", HEAD + "prometheus: { replicas: two }\n"});
        cases.add(new String[] {"unknown-key", HEAD + "grafna: {}\n"});
        cases.add(new String[] {"zero-replicas", HEAD + "prometheus: { replicas: 0 }\n"});
        cases.add(new String[] {"negative-replicas", HEAD + "alertmanager: { replicas: -1 }\n"});
        cases.add(new String[] {"absurd-replicas", HEAD + "grafana: { replicas: 1000000000000 }\n"});
        cases.add(new String[] {"bad-cidr", HEAD + "network: { vpcCidr: 300.1.0.0/16 }\n"});
        cases.add(new String[] {"vpc-too-small", HEAD + "network: { vpcCidr: 10.0.0.0/28 }\n"});
        cases.add(new String[] {"foreign-az", "name: obs\nregion: us-east-1\navailabilityZones: [eu-west-1a]\n"});
        cases.add(new String[] {"duplicate-az", "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1a]\n"});
        cases.add(new String[] {"bad-duration", HEAD + "prometheus: { retention: forever }\n"});
        cases.add(new String[] {"name-spaces", "name: my stack\nregion: us-east-1\navailabilityZones: [us-east-1a]\n"});
        cases.add(new String[] {"name-unicode", "name: obs-日本\nregion: us-east-1\navailabilityZones: [us-east-1a]\n"});
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }
        cases.add(new String[] {"alias-bomb", bomb.toString()});
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void validateAndGenerateRefuseWithOneLocatedLine(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        assertRefused(CliRun.of("validate", file.toString()), file.toString());
        Path out = dir.resolve(name + "-out");
        assertRefused(CliRun.of("generate", file.toString(), "--out", out.toString()), file.toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("does-not-exist.yaml");
        assertRefused(CliRun.of("validate", file.toString()), file.toString());
    }

    @Test
    void directoryInsteadOfAFile() {
        assertRefused(CliRun.of("validate", dir.toString()), dir.toString());
    }

    @Test
    void twentyMegabyteFile() throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] line = ("# " + "x".repeat(1021) + "\n").getBytes();
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(line);
            }
        }
        Path out = dir.resolve("big-out");
        CliRun run = CliRun.of("generate", big.toString(), "--out", out.toString());
        assertRefused(run, big.toString());
        assertThat(run.err()).contains("20.0 MB");
        assertThat(out).doesNotExist();
    }

    @Test
    void benchOnAnUnknownTargetRefusesBeforeStartingAnything() {
        CliRun run = CliRun.of("bench", "../examples/seed-2az.yaml", "--target", "docker");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("unknown target docker; known targets: ").contains("emulated")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    private static void assertRefused(CliRun run, String file) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as("one line on stderr").hasSize(1);
        assertThat(run.err()).startsWith("error: " + file + ":").containsPattern(":\\d+:\\d+: ")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
