package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.inspect.Inspector;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.validate.Finding;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.util.List;

/**
 * {@code conformance}: {@code stackgate inspect} finds nothing — the deployed stack is the model
 * (AZ spread, capacity, health checks, network policy, IMDSv2, tags). FAILED lists every finding
 * with its resource path.
 */
public final class ConformanceProbe implements Check {
    @Override
    public String name() {
        return "conformance";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsApi.class);
    }

    @Override
    public Verdict run(Target target, CheckContext context) {
        AwsClients aws = target.require(AwsApi.class).aws();
        var topology = target.topology();
        var stack = new StackDiscovery(aws).discover(topology);
        List<Finding> findings = new Inspector().inspect(topology,
                new StackNames(topology.name(), aws.accountId(), aws.connection().region().id()), stack);
        List<String> lines = findings.stream().map(f -> f.code() + " " + f.path() + ": " + f.message()).toList();
        return Verdict.of("inspect finds nothing: the deployed stack conforms to the topology", lines, List.of());
    }
}
