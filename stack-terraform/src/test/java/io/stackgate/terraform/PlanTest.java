package io.stackgate.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plan assertions over a recorded {@code terraform show -json} of the seed stack (src/test/resources/plans). */
class PlanTest {
    private static Plan plan;

    @BeforeAll
    static void load() throws IOException {
        plan = Plan.parse(resource("/plans/seed-2az.plan.json"));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PlanTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void resourcesOfTypeAreSortedByAddress() {
        assertThat(plan.resourcesOfType("aws_lb")).extracting(Plan.Resource::address)
                .containsExactly("module.load_balancing.aws_lb.internal[0]", "module.load_balancing.aws_lb.public[0]");
        assertThat(plan.resourcesOfType("aws_lb").get(0).moduleAddress()).isEqualTo("module.load_balancing");
        assertThat(plan.resourcesOfType("aws_lb").get(0).actions()).containsExactly("create");
        assertThat(plan.terraformVersion()).isEqualTo("1.9.8");
    }

    @Test
    void dataSourcesAndPlainDeletesAreNotThePlansResources() {
        assertThat(plan.resources()).hasSize(10);
        plan.resourceCountIs("aws_ami", 0).resourceCountIs("aws_instance", 0);
    }

    @Test
    void resourceCountIsPassesOnTheRightCountAndFailsListingWhatThePlanHas() {
        plan.resourceCountIs("aws_lb", 2).resourceCountIs("aws_launch_template", 3);

        assertThatThrownBy(() -> plan.resourceCountIs("aws_lb", 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to have 3 aws_lb but it has 2: "
                        + "[module.load_balancing.aws_lb.internal[0], module.load_balancing.aws_lb.public[0]]")
                .hasMessageContaining("Resource types in the plan: aws_autoscaling_group ×3, aws_launch_template ×3, "
                        + "aws_lb ×2, aws_lb_listener ×1, aws_vpc ×1");
    }

    @Test
    void allResourcesMatchAPartialPropertyMapDeeply() {
        plan.allResourcesOfType("aws_launch_template")
                .match(Map.of("metadata_options", List.of(Map.of("http_tokens", "required", "http_put_response_hop_limit", 1))))
                .allResourcesOfType("aws_lb").match(Map.of("load_balancer_type", "application", "tags", Map.of("Stack", "obs")));
    }

    @Test
    void allResourcesFailsNamingEachResourceThatDoesNotMatchAndTheDifference() {
        assertThatThrownBy(() -> plan.allResourcesOfType("aws_lb").match(Map.of("internal", false)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting every aws_lb in the plan to match {internal=false}")
                .hasMessageContaining("but 1 of 2 did not:")
                .hasMessageContaining("module.load_balancing.aws_lb.internal[0]: internal: expected false but was true")
                .hasMessageNotContaining("aws_lb.public[0]: internal")
                .hasMessageContaining("The plan's aws_lb resources: [module.load_balancing.aws_lb.internal[0], "
                        + "module.load_balancing.aws_lb.public[0]]");
    }

    @Test
    void allResourcesOfATypeThePlanDoesNotHaveFailsRatherThanPassingVacuously() {
        assertThatThrownBy(() -> plan.allResourcesOfType("aws_db_instance").match(Map.of("storage_encrypted", true)))
                .hasMessageContaining("but the plan has no aws_db_instance")
                .hasMessageContaining("Resource types in the plan: aws_autoscaling_group ×3");
    }

    @Test
    void anyResourcePassesWhenOneMatchesAndFailsWhenNoneDoes() {
        plan.anyResourceOfType("aws_lb").match(Map.of("internal", true, "tags", Map.of("Tier", "prometheus")));

        assertThatThrownBy(() -> plan.anyResourceOfType("aws_lb").match(Map.of("tags", Map.of("Tier", "alertmanager"))))
                .hasMessageContaining("Expecting at least one aws_lb in the plan to match {tags={Tier=alertmanager}}")
                .hasMessageContaining("but none of 2 did:")
                .hasMessageContaining("aws_lb.internal[0]: tags.Tier: expected \"alertmanager\" but was \"prometheus\"")
                .hasMessageContaining("aws_lb.public[0]: tags.Tier: expected \"alertmanager\" but was \"grafana\"");
    }

    @Test
    void numbersCompareByValueAndListsByLength() {
        plan.anyResourceOfType("aws_autoscaling_group").match(Map.of("min_size", 3L, "health_check_type", "EC2"));

        assertThatThrownBy(() -> plan.allResourcesOfType("aws_launch_template")
                .match(Map.of("metadata_options", List.of(Map.of(), Map.of()))))
                .hasMessageContaining("metadata_options: expected 2 elements");
    }

    @Test
    void aValueKnownOnlyAfterApplySaysSo() {
        assertThatThrownBy(() -> plan.anyResourceOfType("aws_lb").match(Map.of("dns_name", "obs.example.com")))
                .hasMessageContaining("dns_name: expected \"obs.example.com\" but it is known only after apply");
        assertThat(plan.resourcesOfType("aws_lb").get(0).knownAfterApply("/dns_name")).isTrue();
        assertThat(plan.resourcesOfType("aws_lb").get(0).knownAfterApply("/name")).isFalse();
    }

    @Test
    void predicatesAreDescribedInTheFailure() {
        plan.allResourcesOfType("aws_autoscaling_group")
                .match("min_size == max_size", r -> r.value("/min_size").equals(r.value("/max_size")));

        assertThatThrownBy(() -> plan.allResourcesOfType("aws_autoscaling_group")
                .match("at least 3 instances", r -> ((Number) r.value("/min_size")).intValue() >= 3))
                .hasMessageContaining("Expecting every aws_autoscaling_group in the plan to match at least 3 instances")
                .hasMessageContaining("but 2 of 3 did not:")
                .hasMessageContaining("module.compute.aws_autoscaling_group.tier[\"grafana\"]: does not satisfy it");
    }

    @Test
    void captureReturnsTheValueAtAJsonPointerForEachResourceInAddressOrder() {
        assertThat(plan.capture("aws_lb", "/name")).containsExactly("obs-internal", "obs-public");
        assertThat(plan.capture("aws_launch_template", "/metadata_options/0/http_tokens"))
                .containsExactly("required", "required", "required");
        assertThat(plan.capture("aws_lb", "/tags")).first().isEqualTo(Map.of("Stack", "obs", "Tier", "prometheus"));
    }

    @Test
    void captureFailsOnAMissingTypeOrAPointerNoResourceHas() {
        assertThatThrownBy(() -> plan.capture("aws_efs_file_system", "/encrypted"))
                .hasMessageContaining("Expecting to capture /encrypted of aws_efs_file_system but the plan has no "
                        + "aws_efs_file_system");
        assertThatThrownBy(() -> plan.capture("aws_lb", "/nmae"))
                .hasMessageContaining("Expecting aws_lb resources to have a value at /nmae but none of 2 has one")
                .hasMessageContaining("has the keys [internal, load_balancer_type, name, drop_invalid_header_fields, tags]");
    }

    @Test
    void variablesAreThePlansInputValues() {
        assertThat(plan.variables()).containsEntry("name", "obs")
                .containsEntry("availability_zones", List.of("us-east-1a", "us-east-1b"))
                .containsEntry("imds_v2_required", true);
    }

    @Test
    void parseRejectsWhatIsNotAPlan() {
        assertThatThrownBy(() -> Plan.parse("Error: no plan")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Plan.parse("{\"grafana_url\": {}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a terraform plan (no format_version)");
    }
}
