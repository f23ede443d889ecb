package io.stackgate.aws.deploy;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.stack.Loopback;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.Cidr;
import io.stackgate.model.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Creates in an AWS emulator, through the SDK, what terraform/'s root module declares for a
 * topology (networking, security groups and rules, IAM, KMS, buckets, EFS, load balancers,
 * private DNS, launch templates, Auto Scaling groups), tagged {@code Stack=<name>} (and {@code
 * Tier=<tier>} where terraform tags it). The VPC block is {@linkplain Loopback#remap moved into
 * 127.0.0.0/8}. Used where no Terraform AWS provider is installed; a test holds the resources it
 * creates against the HCL.
 *
 * <p>What passes: a topology not yet deployed at this endpoint. What fails: a second deploy of the
 * same stack ({@link StackExistsException}, nothing created); any API error ({@link
 * DeployException} — everything created so far is removed first, nothing partial stays).
 */
public final class Deployer {
    private final AwsClients aws;

    public Deployer(AwsClients aws) {
        this.aws = Objects.requireNonNull(aws, "aws");
    }

    /** Deploys {@code topology}; see the class comment for what fails. */
    public Deployment deploy(Topology topology, DeployOptions options) {
        long start = System.nanoTime();
        List<String> existing = aws.ec2().describeVpcs(r -> r.filters(Filter.builder().name("tag:Stack")
                .values(topology.name()).build())).vpcs().stream().map(v -> v.vpcId()).toList();
        if (!existing.isEmpty()) {
            throw new StackExistsException("stack " + topology.name() + " is already deployed at "
                    + aws.connection().describe() + " (VPC " + String.join(", ", existing) + " is tagged Stack="
                    + topology.name() + "); destroy that deployment or reset the emulator first");
        }
        Cidr vpc = Loopback.remap(topology.network().vpcCidr());
        Ledger ledger = new Ledger();
        Context c = new Context(topology, aws, StackNames.of(topology, aws.accountId()), ledger, options, vpc);
        String step = "start";
        try {
            step = "KMS key";
            SecuritySteps.kms(c);
            step = "networking";
            NetworkSteps.run(c);
            step = "buckets";
            StorageSteps.buckets(c);
            step = "flow log";
            NetworkSteps.flowLog(c);
            step = "security groups";
            SecuritySteps.securityGroups(c);
            step = "IAM";
            SecuritySteps.iam(c);
            step = "EFS";
            StorageSteps.efs(c);
            step = "SSM parameter";
            StorageSteps.adminPassword(c);
            step = "load balancers";
            LoadBalancingSteps.run(c);
            step = "launch templates and Auto Scaling groups";
            ComputeSteps.run(c);
        } catch (RuntimeException e) {
            int created = ledger.resources().size();
            List<String> failures = ledger.undoAll();
            DeployException failed = new DeployException("deploy of stack " + topology.name() + " at "
                    + aws.connection().describe() + " failed at " + step + ": " + e.getMessage() + "; removed the "
                    + created + " resources created before"
                    + (failures.isEmpty() ? "" : ", except (remove by hand or reset the emulator): " + failures), e);
            throw failed;
        }
        return new Deployment(topology.name(), aws.connection().describe(), ledger,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Removes every resource of {@code deployment}, newest first.
     *
     * @throws DeployException listing the resources whose removal failed (the others are removed)
     */
    public void destroy(Deployment deployment) {
        List<String> failures = deployment.ledger().undoAll();
        if (!failures.isEmpty()) {
            throw new DeployException("could not remove from " + deployment.endpoint() + ": " + failures);
        }
    }
}
