package io.stackgate.model;

import java.util.List;

/**
 * The VPC. One public and one private subnet per availability zone are derived from
 * {@code vpcCidr}: /24 subnets when the block is large enough, otherwise the largest equal split;
 * public subnets first, then private ones (the Terraform networking module computes the same).
 */
public record Network(Cidr vpcCidr) {
    /** AWS accepts VPC blocks from /16 to /28 and subnets no smaller than /28. */
    public static final int MIN_VPC_PREFIX = 16;
    public static final int MAX_SUBNET_PREFIX = 28;

    public Network {
        Checks.required("vpcCidr", vpcCidr);
        if (vpcCidr.ipv6()) {
            throw new TopologyException("vpcCidr", "must be an IPv4 block, got " + vpcCidr);
        }
        if (vpcCidr.prefix() < MIN_VPC_PREFIX || vpcCidr.prefix() > MAX_SUBNET_PREFIX) {
            throw new TopologyException("vpcCidr", "must be between /16 and /28 (AWS VPC limits), got " + vpcCidr);
        }
    }

    /** Extra prefix bits per subnet for {@code azCount} AZs: /24 where possible, never above /28. */
    public int subnetNewBits(int azCount) {
        int needed = 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * azCount - 1));
        return Math.max(needed, 24 - vpcCidr.prefix());
    }

    /**
     * The subnet plan for {@code azCount} AZs.
     *
     * @throws TopologyException when the VPC cannot hold two subnets of at least /28 per AZ
     */
    public SubnetPlan subnetPlan(int azCount) {
        int newBits = subnetNewBits(azCount);
        int subnetPrefix = vpcCidr.prefix() + newBits;
        if (subnetPrefix > MAX_SUBNET_PREFIX) {
            int needed = 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * azCount - 1));
            throw new TopologyException("vpcCidr", vpcCidr + " cannot hold " + 2 * azCount
                    + " subnets (one public, one private per AZ) of at least /" + MAX_SUBNET_PREFIX
                    + ": use a block of /" + (MAX_SUBNET_PREFIX - needed) + " or larger");
        }
        List<Cidr> all = vpcCidr.subnets(newBits, 2 * azCount);
        return new SubnetPlan(all.subList(0, azCount), all.subList(azCount, 2 * azCount));
    }

    /** Public and private subnets, one of each per AZ, in AZ order. */
    public record SubnetPlan(List<Cidr> publicSubnets, List<Cidr> privateSubnets) {
        public SubnetPlan {
            publicSubnets = List.copyOf(publicSubnets);
            privateSubnets = List.copyOf(privateSubnets);
        }
    }
}
