package io.stackgate.aws.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.aws.stack.NetworkPolicy;
import io.stackgate.aws.stack.Tier;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** terraform/modules/security: the KMS key, the security groups and their rules, a role and instance profile per tier. */
final class SecuritySteps {
    private static final String M = "module.security.";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

    private SecuritySteps() {
    }

    /** The stack key (the key policy is AWS's default one: the account administers it through IAM). */
    static void kms(Context c) {
        KmsClient kms = c.aws.kms();
        String arn = kms.createKey(r -> r.description(c.topology.name() + ": data at rest of the stackgate stack")
                .tags(c.tags("Name", c.topology.name() + "-data").entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.kms.model.Tag.builder().tagKey(e.getKey())
                                .tagValue(e.getValue()).build()).toList()))
                .keyMetadata().arn();
        c.kmsKeyArn = arn;
        // ScheduleKeyDeletion by key id: moto fails with HTTP 500 on the ARN form.
        String keyId = arn.substring(arn.lastIndexOf('/') + 1);
        c.ledger.add(M + "aws_kms_key.this", "", arn, () -> kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7)));
        kms.enableKeyRotation(r -> r.keyId(arn));
        String alias = c.names.kmsAlias();
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(arn));
        c.ledger.add(M + "aws_kms_alias.this", "", alias, () -> kms.deleteAlias(r -> r.aliasName(alias)));
    }

    static void securityGroups(Context c) {
        Ec2Client ec2 = c.aws.ec2();
        NetworkPolicy policy = NetworkPolicy.of(c.topology, c.vpcCidr);
        for (Map.Entry<String, String> g : policy.groups().entrySet()) {
            String tagName = c.names.securityGroupTag(g.getKey());
            // Terraform's name_prefix adds a generated suffix; the emulated group gets a fixed one.
            String id = ec2.createSecurityGroup(r -> r.groupName(tagName + "-0").description(g.getValue()).vpcId(c.vpcId)
                    .tagSpecifications(c.ec2Tags(ResourceType.SECURITY_GROUP, "Name", tagName))).groupId();
            c.securityGroups.put(g.getKey(), id);
            c.ledger.add(M + "aws_security_group.this", g.getKey(), id, () -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
            // A group without inline rules has no egress in Terraform: take AWS's default allow-all off.
            SecurityGroup created = ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
            if (!created.ipPermissionsEgress().isEmpty()) {
                ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(created.ipPermissionsEgress()));
            }
        }
        for (NetworkPolicy.Rule rule : policy.rules()) {
            String groupId = c.securityGroups.get(rule.group());
            IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol()).fromPort(rule.fromPort())
                    .toPort(rule.toPort());
            if (rule.peer().isGroup()) {
                p.userIdGroupPairs(UserIdGroupPair.builder().groupId(c.securityGroups.get(rule.peer().group()))
                        .description(rule.description()).build());
            } else if (rule.peer().cidr().contains(":")) {
                p.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.peer().cidr()).description(rule.description()).build());
            } else {
                p.ipRanges(IpRange.builder().cidrIp(rule.peer().cidr()).description(rule.description()).build());
            }
            String key = rule.group() + "-" + (rule.ingress() ? "in-" : "out-") + rule.protocol() + "-" + rule.fromPort()
                    + "-" + rule.peer();
            var spec = c.ec2Tags(ResourceType.SECURITY_GROUP_RULE, "Name", c.topology.name() + "-" + key);
            String ruleId;
            String address;
            if (rule.ingress()) {
                ruleId = ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p.build())
                        .tagSpecifications(spec)).securityGroupRules().get(0).securityGroupRuleId();
                address = M + "aws_vpc_security_group_ingress_rule." + ingressResource(rule);
                c.ledger.add(address, key, ruleId,
                        () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds(ruleId)));
            } else {
                ruleId = ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(p.build())
                        .tagSpecifications(spec)).securityGroupRules().get(0).securityGroupRuleId();
                address = M + "aws_vpc_security_group_egress_rule." + egressResource(rule);
                c.ledger.add(address, key, ruleId,
                        () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).securityGroupRuleIds(ruleId)));
            }
        }
    }

    /** Which ingress resource of security_groups.tf declares the rule. */
    private static String ingressResource(NetworkPolicy.Rule rule) {
        if (rule.peer().isGroup()) {
            return "flow";
        }
        if (rule.group().equals("public_lb")) {
            return "public_lb";
        }
        if (rule.group().equals("internal_lb")) {
            return "internal_lb";
        }
        return "ssh";
    }

    private static String egressResource(NetworkPolicy.Rule rule) {
        if (rule.peer().isGroup()) {
            return "flow";
        }
        return rule.fromPort() == 1 ? "scrape" : "internet";
    }

    /** One role, inline policy, Session Manager attachment and instance profile per tier (iam.tf). */
    static void iam(Context c) {
        IamClient iam = c.aws.iam();
        String assume = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Ec2AssumesNodeRole\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        for (Tier tier : Tier.of(c.topology)) {
            String name = c.names.role(tier);
            List<software.amazon.awssdk.services.iam.model.Tag> tags = c.tags("Name", name, "Tier", tier.id()).entrySet()
                    .stream().map(e -> software.amazon.awssdk.services.iam.model.Tag.builder().key(e.getKey())
                            .value(e.getValue()).build()).toList();
            String roleArn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(assume)
                    .description(c.topology.name() + " " + tier.id() + " nodes").tags(tags)).role().arn();
            c.ledger.add(M + "aws_iam_role.node", tier.id(), roleArn, () -> iam.deleteRole(r -> r.roleName(name)));
            iam.putRolePolicy(r -> r.roleName(name).policyName(name).policyDocument(nodePolicy(c, tier)));
            c.ledger.add(M + "aws_iam_role_policy.node", tier.id(), name,
                    () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(name)));
            // enable_ssm_session_manager defaults to true: a shell without SSH.
            iam.attachRolePolicy(r -> r.roleName(name).policyArn(SSM_CORE));
            c.ledger.add(M + "aws_iam_role_policy_attachment.ssm_core", tier.id(), SSM_CORE,
                    () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(SSM_CORE)));
            String profile = c.names.instanceProfile(tier);
            String profileArn = iam.createInstanceProfile(r -> r.instanceProfileName(profile).tags(tags))
                    .instanceProfile().arn();
            c.ledger.add(M + "aws_iam_instance_profile.node", tier.id(), profileArn, () -> {
                iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profile).roleName(name));
                iam.deleteInstanceProfile(r -> r.instanceProfileName(profile));
            });
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(name));
            c.instanceProfiles.put(tier, profile);
        }
    }

    private static String nodePolicy(Context c, Tier tier) {
        String bucketArn = "arn:aws:s3:::" + c.names.configBucket();
        String parameters = "arn:aws:ssm:" + c.topology.region() + ":" + c.names.accountId() + ":parameter/"
                + c.topology.name() + "/*";
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode st = doc.putArray("Statement");
        statement(st, "Discovery", List.of("ec2:DescribeInstances", "ec2:DescribeAvailabilityZones"), List.of("*"));
        ObjectNode list = statement(st, "ListConfigBucket", List.of("s3:ListBucket"), List.of(bucketArn));
        ArrayNode prefixes = list.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
        List.of("ansible/*", "config/*", "ansible", "config").forEach(prefixes::add);
        statement(st, "ReadConfigBucket", List.of("s3:GetObject"), List.of(bucketArn + "/ansible/*", bucketArn + "/config/*"));
        String admin = c.topology.grafana().adminPassword().ssmParameter();
        List<String> params = tier == Tier.GRAFANA && !admin.isEmpty()
                ? List.of(parameters, "arn:aws:ssm:" + c.topology.region() + ":" + c.names.accountId() + ":parameter/"
                        + admin.replaceFirst("^/", ""))
                : List.of(parameters);
        statement(st, "ReadStackParameters", List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"),
                params);
        statement(st, "DecryptStackData", List.of("kms:Decrypt"), List.of(c.kmsKeyArn));
        return doc.toString();
    }

    private static ObjectNode statement(ArrayNode statements, String sid, List<String> actions, List<String> resources) {
        ObjectNode s = statements.addObject().put("Sid", sid).put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        ArrayNode r = s.putArray("Resource");
        resources.forEach(r::add);
        return s;
    }
}
