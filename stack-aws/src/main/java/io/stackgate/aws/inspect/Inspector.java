package io.stackgate.aws.inspect;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployed stack against its model: the model's own finding codes where the deployed stack has
 * the defect ({@code SEC_EXPORTER_OPEN}, {@code SEC_SSH_OPEN_WORLD}, {@code SEC_IMDSV1}, {@code
 * SEC_PUBLIC_PLAINTEXT}, {@code HA_SINGLE_AZ}, {@code LB_FAILOVER_BUDGET}) and {@link DriftCode}s
 * where it differs from the model, each with a {@code path} naming the AWS resource
 * ({@code aws:ec2:security-group/sg-…/ingress[0]}).
 *
 * <p>A pure function of what {@link io.stackgate.aws.discovery.StackDiscovery} read: no calls, the
 * same findings in the same order for the same input. An empty list means the stack conforms.
 */
public final class Inspector {
    /** Checks a deployed stack; {@code names} are the resource names terraform/ gives it. */
    public List<Finding> inspect(Topology topology, StackNames names, DiscoveredStack stack) {
        List<Finding> out = new ArrayList<>();
        new ComputeChecks(topology, names, stack).run(out);
        new LoadBalancerChecks(topology, names, stack).run(out);
        new SecurityGroupChecks(topology, names, stack).run(out);
        new StorageChecks(topology, names, stack).run(out);
        out.sort(Finding.ORDER);
        return List.copyOf(out);
    }
}
