package io.stackgate.aws.stack;

import io.stackgate.model.Topology;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names terraform/ gives a stack's resources, computed the same way here so that the deployer
 * creates and the inspector looks for exactly those: {@code <name>-<tier>} for launch templates,
 * Auto Scaling groups, roles and instance profiles; a short name (≤ 20 characters, else 14 + '-' +
 * 5 hex of the name's MD5) for load balancers and target groups; buckets carry account and region.
 */
public record StackNames(String stack, String accountId, String region) {
    public static StackNames of(Topology t, String accountId) {
        return new StackNames(t.name(), accountId, t.region());
    }

    public String asg(Tier tier) {
        return stack + "-" + tier.id();
    }

    public String launchTemplate(Tier tier) {
        return stack + "-" + tier.id();
    }

    public String role(Tier tier) {
        return stack + "-" + tier.id();
    }

    public String instanceProfile(Tier tier) {
        return stack + "-" + tier.id();
    }

    /** The security group's {@code Name} tag (Terraform names the group with a generated suffix). */
    public String securityGroupTag(String group) {
        return stack + "-" + group.replace('_', '-');
    }

    /** The load-balancing module's {@code local.short_name}. */
    public String shortName() {
        if (stack.length() <= 20) {
            return stack;
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(stack.getBytes(StandardCharsets.UTF_8));
            return stack.substring(0, 14) + "-" + HexFormat.of().formatHex(md5).substring(0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    public String targetGroup(Tier tier) {
        return shortName() + "-" + tier.id();
    }

    public String publicLoadBalancer() {
        return shortName() + "-public";
    }

    public String internalLoadBalancer() {
        return shortName() + "-internal";
    }

    public String configBucket() {
        return stack + "-" + accountId + "-" + region + "-cfg";
    }

    public String logBucket() {
        return stack + "-" + accountId + "-" + region + "-log";
    }

    public String efsCreationToken() {
        return stack + "-config";
    }

    public String kmsAlias() {
        return "alias/" + stack + "-data";
    }

    public String privateZone() {
        return stack + ".internal";
    }
}
