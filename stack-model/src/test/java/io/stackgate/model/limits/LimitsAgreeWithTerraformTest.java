package io.stackgate.model.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stackgate.model.Fixtures;
import io.stackgate.model.Limits;
import io.stackgate.model.Limits.Range;
import io.stackgate.model.Topology;
import io.stackgate.model.TopologyException;
import io.stackgate.model.limits.TerraformValidations.Bound;
import io.stackgate.model.limits.TerraformValidations.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The model's {@link Limits} against every {@code validation} block of {@code terraform/variables.tf}: a
 * value the model accepts must pass Terraform's checks and the other way round, so a topology never passes
 * {@code validate} to fail at {@code terraform plan} (or the reverse).
 */
class LimitsAgreeWithTerraformTest {
    /** Terraform value (variable.attribute) → the model's limit it must equal. */
    private static final Map<String, Range> MODEL = new LinkedHashMap<>();
    /**
     * Bounds on variables stackgate never writes (optional, with a default): Terraform's own policy, with no
     * topology key behind them.
     */
    private static final Set<String> TERRAFORM_ONLY = Set.of("health_check_grace_period_seconds",
            "database.backup_retention_days");

    static {
        MODEL.put("availability_zones.length", Limits.DEPLOYABLE_AVAILABILITY_ZONES);
        MODEL.put("vpc_cidr.prefix", Limits.VPC_PREFIX);
        MODEL.put("prometheus.replicas", Limits.PROMETHEUS_REPLICAS);
        MODEL.put("prometheus.storage_size_gib", Limits.STORAGE_SIZE_GIB);
        MODEL.put("alertmanager.replicas", Limits.ALERTMANAGER_REPLICAS);
        MODEL.put("grafana.replicas", Limits.GRAFANA_REPLICAS);
        MODEL.put("query.replicas", Limits.QUERY_REPLICAS);
        MODEL.put("public_lb.allowed_cidrs.length", Limits.PUBLIC_LB_ALLOWED_CIDRS);
        MODEL.put("health_check.interval_seconds", Limits.HEALTH_CHECK_INTERVAL_SECONDS);
        MODEL.put("health_check.timeout_seconds", Limits.HEALTH_CHECK_TIMEOUT_SECONDS);
        MODEL.put("health_check.healthy_threshold", Limits.HEALTH_CHECK_THRESHOLD);
        MODEL.put("health_check.unhealthy_threshold", Limits.HEALTH_CHECK_THRESHOLD);
        MODEL.put("health_check.deregistration_delay_seconds", Limits.DEREGISTRATION_DELAY_SECONDS);
    }

    private final Map<String, Boolean> hasDefault = new HashMap<>();
    private final Map<String, List<Validation>> validations = read();

    private Map<String, List<Validation>> read() {
        Path file = Fixtures.examples().getParent().resolve("terraform/variables.tf");
        try {
            return TerraformValidations.read(Files.readString(file), hasDefault);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private List<Bound> bounds() {
        return validations.values().stream().flatMap(List::stream).flatMap(v -> v.bounds().stream()).toList();
    }

    @Test
    void theReaderFindsTheValidationBlocks() {
        // a guard against a reader that finds nothing and so agrees with everything
        assertThat(validations).containsKeys("prometheus", "alertmanager", "grafana", "health_check", "query");
        assertThat(validations.values().stream().mapToInt(List::size).sum()).isGreaterThan(30);
        assertThat(bounds()).extracting(Bound::path).contains("prometheus.replicas", "vpc_cidr.prefix",
                "availability_zones.length", "health_check.healthy_threshold", "health_check.unhealthy_threshold");
    }

    @Test
    void everyNumericBoundInVariablesTfIsAModelLimitOrTerraformOnly() {
        List<String> unknown = new ArrayList<>();
        for (Bound b : bounds()) {
            if (!MODEL.containsKey(b.path()) && !TERRAFORM_ONLY.contains(b.path())) {
                unknown.add(b.path() + " " + b.op() + " " + b.value() + "   (in: " + b.condition() + ")");
            }
        }
        assertThat(unknown).as("bounds in variables.tf with no limit in io.stackgate.model.Limits: add the limit "
                + "to the model (and map it here) or make the variable optional").isEmpty();
    }

    @Test
    void terraformOnlyBoundsAreOnOptionalVariables() {
        for (String path : TERRAFORM_ONLY) {
            String variable = path.split("\\.")[0];
            assertThat(hasDefault.get(variable)).as("%s is Terraform-only, so it must have a default", variable)
                    .isTrue();
        }
    }

    @Test
    void everyModelLimitHasTheSameBothEndsInVariablesTf() {
        Map<String, List<Bound>> byPath = bounds().stream().collect(Collectors.groupingBy(Bound::path));
        for (Map.Entry<String, Range> e : MODEL.entrySet()) {
            List<Bound> found = byPath.getOrDefault(e.getKey(), List.of());
            assertThat(found).as("variables.tf checks %s", e.getKey()).isNotEmpty();
            assertThat(terraformRange(found)).as("%s: variables.tf vs Limits", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void twelveReplicasFailBothTheModelAndTerraformForEveryTier() {
        Map<String, IntFunction<Topology.Builder>> tiers = Map.of(
                "prometheus.replicas", n -> Fixtures.clean().toBuilder().prometheus(p -> p.replicas(n)),
                "alertmanager.replicas", n -> Fixtures.clean().toBuilder().alertmanager(a -> a.replicas(n)),
                "grafana.replicas", n -> Fixtures.clean().toBuilder().grafana(g -> g.replicas(n)),
                "query.replicas", n -> Fixtures.clean().toBuilder().query(io.stackgate.model.Query.thanos(n)));
        Map<String, List<Bound>> byPath = bounds().stream().collect(Collectors.groupingBy(Bound::path));
        for (var tier : tiers.entrySet()) {
            Range tf = terraformRange(byPath.get(tier.getKey()));
            for (int n : new int[] {1, 2, 10, 11, 12}) {
                Throwable model = catchThrowable(() -> tier.getValue().apply(n).build());
                assertThat(model == null).as("%s = %d: the model accepts it iff Terraform does (%s)", tier.getKey(), n, tf)
                        .isEqualTo(tf.contains(n));
                if (model != null) {
                    assertThat(model).isInstanceOf(TopologyException.class).hasMessageContaining("replicas");
                }
            }
        }
    }

    /** The range a path's bounds allow: the largest lower and the smallest upper bound. */
    private static Range terraformRange(List<Bound> bounds) {
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        for (Bound b : bounds) {
            switch (b.op()) {
                case ">=" -> min = Math.max(min, b.value());
                case ">" -> min = Math.max(min, b.value() + 1);
                case "<=" -> max = Math.min(max, b.value());
                case "<" -> max = Math.min(max, b.value() - 1);
                default -> throw new IllegalStateException(b.op());
            }
        }
        return new Range(min, max);
    }
}
