package io.stackgate.aws.deploy;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Cidr;
import io.stackgate.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** One deploy's inputs and the ids its steps hand each other (mutable, confined to the deploy). */
final class Context {
    final Topology topology;
    final AwsClients aws;
    final StackNames names;
    final Ledger ledger;
    final DeployOptions options;
    final Cidr vpcCidr;

    String kmsKeyArn;
    String vpcId;
    final List<String> publicSubnets = new ArrayList<>();
    final List<String> privateSubnets = new ArrayList<>();
    final Map<String, String> securityGroups = new LinkedHashMap<>();
    final Map<Tier, String> instanceProfiles = new LinkedHashMap<>();
    final Map<Tier, String> targetGroups = new LinkedHashMap<>();
    String internalLbDns;
    String internalLbZone;
    String efsId;

    Context(Topology topology, AwsClients aws, StackNames names, Ledger ledger, DeployOptions options, Cidr vpcCidr) {
        this.topology = topology;
        this.aws = aws;
        this.names = names;
        this.ledger = ledger;
        this.options = options;
        this.vpcCidr = vpcCidr;
    }

    /** terraform/main.tf's {@code local.common_tags} plus {@code extra} (Name, Tier, …), sorted. */
    Map<String, String> tags(String... extra) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("Stack", topology.name());
        tags.put("ManagedBy", "stackgate");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            tags.put(extra[i], extra[i + 1]);
        }
        return tags;
    }

    TagSpecification ec2Tags(ResourceType type, String... extra) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags(extra).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList())
                .build();
    }
}
