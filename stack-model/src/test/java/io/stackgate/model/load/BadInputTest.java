package io.stackgate.model.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed topologies. Each must be refused with one message that names the line and column of the
 * offending text (the first occurrence of {@code at} in the document) and says what was expected.
 */
class BadInputTest {
    static final String HEAD = "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1b]\n";

    /** {@code at}: the text the error must point at; null means the start of the document. */
    record Case(String name, String yaml, String at, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("empty file", "", null, "is empty"),
                new Case("only a comment", "# nothing here\n", null, "is empty"),
                new Case("not YAML", "name: [obs\nregion: x\n", "", "not valid YAML"),
                new Case("a list at the top", "- name: obs\n- region: us-east-1\n", null, "expected a mapping"),
                new Case("a string at the top", "just some words\n", null, "expected a mapping"),
                new Case("several documents", HEAD + "---\nname: other\n", "---", "not valid YAML"),
                new Case("tab indentation", HEAD + "prometheus:\n\treplicas: 2\n", "\t", "not valid YAML"),
                new Case("replicas as a word", HEAD + "prometheus:\n  replicas: two\n", "two", "expected a whole number"),
                new Case("replicas as a float", HEAD + "prometheus:\n  replicas: 2.5\n", "2.5", "expected a whole number"),
                new Case("AZs as a string", "name: obs\nregion: us-east-1\navailabilityZones: us-east-1a\n",
                        "us-east-1a", "expected a list"),
                new Case("section as a list", HEAD + "grafana: [1, 2]\n", "[1, 2]", "expected a mapping"),
                new Case("unknown top-level key", HEAD + "prometeus:\n  replicas: 2\n", "prometeus",
                        "did you mean \"prometheus\""),
                new Case("unknown nested key", HEAD + "prometheus:\n  replica: 2\n", "replica:",
                        "did you mean \"replicas\""),
                new Case("duplicate key", HEAD + "name: obs2\n", "name: obs2", "given twice"),
                new Case("zero replicas", HEAD + "alertmanager:\n  replicas: 0\n", "0\n", "between 1 and 10"),
                new Case("negative replicas", HEAD + "grafana:\n  replicas: -3\n", "-3", "between 1 and 10"),
                new Case("absurd replicas", HEAD + "prometheus:\n  replicas: 1000000000000\n", "1000000000000",
                        "between 1 and 10, got 1000000000000"),
                new Case("CIDR prefix > 32", HEAD + "network: { vpcCidr: 10.40.0.0/33 }\n", "10.40.0.0/33",
                        "not a CIDR block"),
                new Case("CIDR with host bits", HEAD + "network: { vpcCidr: 10.40.0.1/16 }\n", "10.40.0.1/16",
                        "host bits set"),
                new Case("CIDR that is not one", HEAD + "security: { sshFromCidrs: [office] }\n", "office",
                        "not a CIDR block"),
                new Case("subnet plan too big for the VPC",
                        "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1b, us-east-1c]\n"
                                + "network: { vpcCidr: 10.40.0.0/27 }\n", "10.40.0.0/27", "cannot hold the subnet plan"),
                new Case("AZ of another region", "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, eu-west-1b]\n",
                        "eu-west-1b", "not an availability zone of region us-east-1"),
                new Case("duplicate AZs", "name: obs\nregion: us-east-1\navailabilityZones: [us-east-1a, us-east-1a]\n",
                        "us-east-1a]", "listed twice"),
                new Case("duration without unit", HEAD + "prometheus:\n  scrapeInterval: 15\n", "15\n",
                        "expected a duration"),
                new Case("duration in words", HEAD + "prometheus:\n  retention: 15days\n", "15days", "not a duration"),
                new Case("duration out of range", HEAD + "prometheus:\n  scrapeInterval: 2h\n", "2h",
                        "between 1s and 1h"),
                new Case("name with spaces", "name: my stack\nregion: us-east-1\navailabilityZones: [us-east-1a]\n",
                        "my stack", "lower-case letters"),
                new Case("name with unicode", "name: obsé\nregion: us-east-1\navailabilityZones: [us-east-1a]\n",
                        "obsé", "lower-case letters"),
                new Case("missing region", "name: obs\navailabilityZones: [us-east-1a]\n", null, "region: is required"),
                new Case("boolean as a word", HEAD + "alertmanager:\n  cluster: maybe\n", "maybe", "expected true or false"),
                new Case("unknown storage type", HEAD + "prometheus:\n  storage: { type: gp3 }\n", "gp3",
                        "not one of [ebs, instance, efs, nfs]"),
                new Case("health-check timeout not below interval",
                        HEAD + "loadBalancers:\n  healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 }\n",
                        "5 }", "less than intervalSeconds"),
                new Case("job with both discovery kinds", HEAD + "prometheus:\n  scrapeJobs:\n    - name: x\n"
                        + "      ec2Discovery: { tagKey: a, tagValue: b, port: 9100 }\n      staticTargets: [\"h:1\"]\n",
                        "[\"h:1\"]", "both ec2Discovery and staticTargets"),
                new Case("duplicate job names", HEAD + "prometheus:\n  scrapeJobs:\n    - name: app\n"
                        + "      staticTargets: [\"a:1\"]\n    - name: app\n      staticTargets: [\"b:1\"]\n",
                        "app\n      staticTargets: [\"b", "declared twice"),
                new Case("static target without port", HEAD + "prometheus:\n  scrapeJobs:\n    - name: app\n"
                        + "      staticTargets: [\"app.internal\"]\n", "\"app.internal\"", "must be host:port"),
                new Case("webhook that is not a URL", HEAD + "alertmanager:\n  receivers: [{ name: ops, webhookUrl: \"not a url\" }]\n",
                        "\"not a url\"", "webhookUrl"),
                new Case("certificate that is not an ARN", HEAD + "loadBalancers:\n  public:\n    tls: { certificateArn: mycert }\n",
                        "mycert", "ACM certificate ARN"),
                new Case("reserved job name", HEAD + "prometheus:\n  scrapeJobs:\n    - name: prometheus\n"
                        + "      staticTargets: [\"a:1\"]\n", "prometheus\n      static", "reserved"),
                new Case("merge key", HEAD + "base: &b { replicas: 2 }\nprometheus:\n  <<: *b\n", "base", "unknown key"),
                new Case("twelve Prometheus replicas (Terraform's limit is 10)", HEAD + "prometheus:\n  replicas: 12\n",
                        "12", "between 1 and 10"),
                new Case("unknown query layer", HEAD + "query: { layer: cortex }\n", "cortex",
                        "is not one of [thanos, none]"),
                new Case("zero query replicas", HEAD + "query:\n  layer: thanos\n  replicas: 0\n", "0\n",
                        "between 1 and 10"),
                new Case("misspelt query key", HEAD + "query: { layr: none }\n", "layr", "did you mean \"layer\""),
                new Case("query as a word", HEAD + "query: thanos\n", "thanos", "expected a mapping"),
                new Case("negative maxFailedRequests", HEAD + "loadBalancers: { maxFailedRequests: -1 }\n", "-1 }",
                        "between 0 and"),
                new Case("unknown balancer semantics", HEAD + "loadBalancers: { semantics: nginx }\n", "nginx",
                        "is not one of [alb, retrying]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithFileLineColumnAndWhatWasExpected(Case c) {
        TopologyLoadException e = catchThrowableOfType(TopologyLoadException.class,
                () -> new TopologyLoader().parse(c.yaml(), "bad.yaml"));
        assertThat(e).as("expected %s to be refused", c.name()).isNotNull();
        assertThat(e.getMessage()).contains(c.says()).doesNotContain("\n");
        if (c.at() != null && c.at().isEmpty()) {
            // a syntax error: where the parser notices it is its business, but it must be a real position
            assertThat(e.getMessage()).matches("bad\\.yaml:[1-9]\\d*:[1-9]\\d*: .*");
        } else {
            int[] expected = position(c.yaml(), c.at());
            assertThat(e.getMessage()).startsWith("bad.yaml:" + expected[0] + ":" + expected[1] + ": ");
        }
    }

    @Test
    void atLeastTwentyFiveMalformedInputsAreCovered() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void aliasBombIsRefusedWhileComposing() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(p);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> new TopologyLoader().parse(bomb.toString(), "bomb.yaml"))
                .isInstanceOf(TopologyLoadException.class)
                .hasMessageStartingWith("bomb.yaml:")
                .hasMessageContaining("alias");
    }

    @Test
    void missingFileSaysSoWithTheWorkingDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> new TopologyLoader().load(dir.resolve("nope.yaml")))
                .hasMessageStartingWith(dir.resolve("nope.yaml") + ":1:1: no such file");
    }

    @Test
    void directoryIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new TopologyLoader().load(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void twentyMegabyteFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        try (var out = Files.newBufferedWriter(big)) {
            String line = "# " + "x".repeat(1021) + "\n";
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(line);
            }
        }
        assertThatThrownBy(() -> new TopologyLoader().load(big))
                .hasMessageStartingWith(big + ":1:1: is 20.0 MB; a topology file may be at most 4 MB");
    }

    @Test
    void binaryFileIsRefusedAsNotText(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("x.yaml");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThatThrownBy(() -> new TopologyLoader().load(bin)).hasMessageContaining("not UTF-8");
    }

    @Test
    void errorsInNestedListsNameTheFullPath() {
        String yaml = HEAD + "prometheus:\n  scrapeJobs:\n    - name: a\n      staticTargets: [\"a:1\"]\n"
                + "    - name: b\n      ec2Discovery: { tagKey: k, tagValue: v, port: 70000 }\n";
        TopologyLoadException e = catchThrowableOfType(TopologyLoadException.class,
                () -> new TopologyLoader().parse(yaml, "x.yaml"));
        assertThat(e.path()).isEqualTo("prometheus.scrapeJobs[1].ec2Discovery.port");
        assertThat(e.line()).isEqualTo(9);
    }

    static int[] position(String text, String at) {
        if (at == null) {
            return new int[] {1, 1};
        }
        int idx = text.indexOf(at);
        assertThat(idx).as("test case anchor %s", at).isNotNegative();
        String before = text.substring(0, idx);
        int line = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
        int col = idx - (before.lastIndexOf('\n') + 1) + 1;
        return new int[] {line, col};
    }
}
