package io.stackgate.aws.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.Footprint;
import io.stackgate.verify.check.Verifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Where the AWS checks run among the built-in ones, and which of them ec2-discovery may run beside. */
class AwsChecksTest {
    private static List<String> names(List<Check> checks) {
        return checks.stream().map(Check::name).toList();
    }

    @Test
    void ec2DiscoveryGoesBeforeTheChecksThatReadTheScrapesAndTheOthersAfterTheBuiltInChecks() {
        List<String> order = names(AwsChecks.among(Verifier.builtIn()));
        List<String> builtIn = names(Verifier.builtIn());

        assertThat(order.get(order.indexOf("replica-labels") - 1)).isEqualTo("ec2-discovery");
        assertThat(order.get(order.indexOf("ec2-discovery") - 1)).isEqualTo("failover-alertmanager");
        assertThat(order.subList(order.size() - 3, order.size())).containsExactly("conformance", "asg-replacement", "az-stop");
        assertThat(order.stream().filter(builtIn::contains).toList()).isEqualTo(builtIn);
        assertThat(order).hasSize(builtIn.size() + AwsChecks.all().size());
    }

    @Test
    void withoutReplicaLabelsTheAwsChecksFollowInTheirOwnOrder() {
        List<Check> noHistory = Verifier.builtIn().stream().filter(c -> !c.name().equals("replica-labels")).toList();
        List<String> order = names(AwsChecks.among(noHistory));

        assertThat(order.subList(noHistory.size(), order.size())).isEqualTo(names(AwsChecks.all()));
    }

    @Test
    void ec2DiscoveryRunsBesideTheFaultsOnTheDatasourceAndAlertingButNotBesideWhatReadsTheScrapes() {
        Map<String, Footprint> f = AwsChecks.among(Verifier.builtIn()).stream()
                .collect(Collectors.toMap(Check::name, Check::footprint));
        Footprint discovery = f.get("ec2-discovery");

        assertThat(List.of("failover-query", "slow-replica", "alert-once", "failover-alertmanager"))
                .allSatisfy(other -> assertThat(discovery.conflicts(f.get(other))).as(other).isFalse());
        assertThat(List.of("hang", "replica-labels", "scrape-coverage", "federation", "history", "failover-prometheus",
                "asg-replacement", "az-stop", "conformance"))
                .allSatisfy(other -> assertThat(discovery.conflicts(f.get(other))).as(other).isTrue());
    }
}
