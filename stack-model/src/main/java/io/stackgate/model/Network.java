package io.stackgate.model;

import java.util.List;

/**
 * The VPC. One public and one private subnet per availability zone are derived from
 * {@code vpcCidr} with a stable layout: the block is cut into 16 equal slots (/24 each when the block
 * is /20 or larger), public subnets take slots 0..7 and private subnets 8..15 in AZ order, so adding
 * an AZ never renumbers an existing subnet. The Terraform networking module computes the same.
 */
public record Network(Cidr vpcCidr) {
    /** AWS accepts VPC blocks from /16; 16 slots of at least /28 need a /24 or larger. */
    public static final int MIN_VPC_PREFIX = (int) Limits.VPC_PREFIX.min();
    public static final int MAX_VPC_PREFIX = (int) Limits.VPC_PREFIX.max();
    public static final int MAX_AZS = (int) Limits.AVAILABILITY_ZONES.max();

    public Network {
        Checks.required("vpcCidr", vpcCidr);
        if (vpcCidr.ipv6()) {
            throw new TopologyException("vpcCidr", "must be an IPv4 block, got " + vpcCidr);
        }
        if (vpcCidr.prefix() < MIN_VPC_PREFIX || vpcCidr.prefix() > 28) {
            throw new TopologyException("vpcCidr", "must be between /16 and /28 (AWS VPC limits), got " + vpcCidr);
        }
    }

    /** Extra prefix bits per subnet: 16 slots, /24 where the block allows. */
    public int subnetNewBits() {
        return Math.max(4, 24 - vpcCidr.prefix());
    }

    /**
     * The subnet plan for {@code azCount} AZs.
     *
     * @throws TopologyException when the VPC cannot hold the 16 subnet slots of at least /28, or for more than 8 AZs
     */
    public SubnetPlan subnetPlan(int azCount) {
        if (vpcCidr.prefix() > MAX_VPC_PREFIX) {
            throw new TopologyException("vpcCidr", vpcCidr + " cannot hold the subnet plan (16 slots of at least /28:"
                    + " one public and one private subnet per AZ, room for 8 AZs); use a /24 or larger block");
        }
        if (azCount > MAX_AZS) {
            throw new TopologyException("vpcCidr", "the subnet plan has room for " + MAX_AZS + " AZs, got " + azCount);
        }
        List<Cidr> slots = vpcCidr.subnets(subnetNewBits(), 16);
        return new SubnetPlan(slots.subList(0, azCount), slots.subList(8, 8 + azCount));
    }

    /** Public and private subnets, one of each per AZ, in AZ order. */
    public record SubnetPlan(List<Cidr> publicSubnets, List<Cidr> privateSubnets) {
        public SubnetPlan {
            publicSubnets = List.copyOf(publicSubnets);
            privateSubnets = List.copyOf(privateSubnets);
        }
    }
}
