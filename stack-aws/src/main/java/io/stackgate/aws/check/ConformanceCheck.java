package io.stackgate.aws.check;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.inspect.Inspector;
import io.stackgate.aws.target.AwsStack;
import io.stackgate.model.validate.Finding;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stackgate inspect} against the target's deployed stack: PASSED when the stack conforms to its
 * topology, FAILED with every finding (code, resource path, message) otherwise.
 */
public final class ConformanceCheck implements Check {
    @Override
    public String name() {
        return "conformance";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsStack.class);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        AwsStack stack = target.require(AwsStack.class);
        DiscoveredStack found = new StackDiscovery(stack.aws()).discover(target.topology());
        List<Finding> findings = new Inspector().inspect(target.topology(), stack.names(), found);
        ctx.figure("conformance_findings", findings.size());
        List<String> evidence = new ArrayList<>();
        evidence.add("inspected " + found.groups().size() + " Auto Scaling groups, " + found.targetGroups().size()
                + " target groups, " + found.securityGroups().size() + " security groups, " + found.launchTemplates().size()
                + " launch template versions at " + stack.aws().connection().describe());
        stack.gapsFilled().forEach(g -> evidence.add("emulator gap filled: " + g));
        if (findings.isEmpty()) {
            return Verdict.passed("the deployed stack conforms to the topology (inspect found nothing)", evidence);
        }
        findings.forEach(f -> evidence.add(f.code() + " " + f.path() + ": " + f.message()));
        return Verdict.failed("inspect found " + findings.size() + " finding(s) in the deployed stack: "
                + findings.stream().map(Finding::code).distinct().toList(), evidence);
    }
}
