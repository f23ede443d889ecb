package io.stackgate.model.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Tools;
import io.stackgate.model.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered files pass the real tools: promtool, amtool and haproxy. */
class RealToolsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> bundles() {
        return Stream.of("seed-2az.yaml", "three-az.yaml", "antipatterns.yaml").flatMap(name -> {
            Topology t = Fixtures.example(name);
            Deployment.Local local = LocalLayouts.sequential(t, "/tmp/stackgate-config", 31_000,
                    new Deployment.Tempo(1, 5, 500, 1_000, 1, 3), "http://127.0.0.1:30999/hook");
            return Stream.of(Arguments.of(name + " (aws)", new Renderer().render(t)),
                    Arguments.of(name + " (local)", new Renderer().render(t, local)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void promtoolAcceptsConfigAndRules(String name, Bundle bundle) throws IOException {
        Path promtool = Tools.require("promtool", "prometheus");
        new BundleWriter().write(bundle, dir.resolve("b"));
        Path prom = dir.resolve("b/config/prometheus");
        assertThat(Tools.ok(prom, promtool.toString(), "check", "config", "prometheus.yml").output())
                .contains("SUCCESS: 2 rule files found");
        Tools.ok(prom, promtool.toString(), "check", "rules", "rules/stackgate-meta.yml", "rules/stackgate-slo.yml");
        if (bundle.has("config/prometheus-global/prometheus.yml")) {
            Tools.ok(dir.resolve("b/config/prometheus-global"), promtool.toString(), "check", "config", "prometheus.yml");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void amtoolAcceptsAlertmanagerConfig(String name, Bundle bundle) throws IOException {
        Path amtool = Tools.require("amtool", "prometheus-alertmanager");
        new BundleWriter().write(bundle, dir.resolve("b"));
        Tools.ok(dir.resolve("b/config/alertmanager"), amtool.toString(), "check-config", "alertmanager.yml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void haproxyAcceptsItsConfig(String name, Bundle bundle) throws IOException {
        Path haproxy = Tools.require("haproxy", "haproxy");
        new BundleWriter().write(bundle, dir.resolve("b"));
        Tools.ok(dir.resolve("b/config/haproxy"), haproxy.toString(), "-c", "-f", "haproxy.cfg");
    }

    @Test
    void promtoolUnitTestsProveEachAlertFiresWhenItShouldAndNotOtherwise() throws IOException {
        Path promtool = Tools.require("promtool", "prometheus");
        new BundleWriter().write(new Renderer().render(Fixtures.example("seed-2az.yaml")), dir.resolve("b"));
        Path rules = dir.resolve("b/config/prometheus/rules");
        try (InputStream in = getClass().getResourceAsStream("rules-test.yml")) {
            Files.copy(in, rules.resolve("rules-test.yml"));
        }
        Tools.Result r = Tools.ok(rules, promtool.toString(), "test", "rules", "rules-test.yml");
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void promtoolUnitTestsCatchABrokenRule() throws IOException {
        Path promtool = Tools.require("promtool", "prometheus");
        new BundleWriter().write(new Renderer().render(Fixtures.example("seed-2az.yaml")), dir.resolve("b"));
        Path rules = dir.resolve("b/config/prometheus/rules");
        try (InputStream in = getClass().getResourceAsStream("rules-test.yml")) {
            Files.copy(in, rules.resolve("rules-test.yml"));
        }
        Path meta = rules.resolve("stackgate-meta.yml");
        String original = Files.readString(meta);
        String broken = original.replace("expr: \"up{job=\\\"prometheus\\\"} == 0\"", "expr: \"up{job=\\\"prometheus\\\"} == 2\"");
        assertThat(broken).as("the replica-down expression was changed").isNotEqualTo(original);
        Files.writeString(meta, broken);
        assertThat(Tools.run(rules, promtool.toString(), "test", "rules", "rules-test.yml").exitCode()).isNotZero();
    }
}
