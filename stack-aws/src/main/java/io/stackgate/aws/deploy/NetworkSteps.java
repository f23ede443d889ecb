package io.stackgate.aws.deploy;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import io.stackgate.model.Cidr;
import io.stackgate.model.Network;

/** terraform/modules/networking: VPC, subnets, gateways, routes, the S3 endpoint; the flow log comes after the log bucket. */
final class NetworkSteps {
    private static final String M = "module.networking.";

    private NetworkSteps() {
    }

    static void run(Context c) {
        Ec2Client ec2 = c.aws.ec2();
        String name = c.topology.name();
        List<String> azs = c.topology.availabilityZones();

        c.vpcId = ec2.createVpc(r -> r.cidrBlock(c.vpcCidr.text())
                .tagSpecifications(c.ec2Tags(ResourceType.VPC, "Name", name + "-vpc"))).vpc().vpcId();
        String vpc = c.vpcId;
        c.ledger.add(M + "aws_vpc.this", "", vpc, () -> ec2.deleteVpc(r -> r.vpcId(vpc)));
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsSupport(AttributeBooleanValue.builder().value(true).build()));
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc).enableDnsHostnames(AttributeBooleanValue.builder().value(true).build()));

        // aws_default_security_group without rules: Terraform takes every rule off the VPC's default group.
        SecurityGroup def = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("group-name").values("default").build())).securityGroups().get(0);
        if (!def.ipPermissions().isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(def.groupId()).ipPermissions(def.ipPermissions()));
        }
        if (!def.ipPermissionsEgress().isEmpty()) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(def.groupId()).ipPermissions(def.ipPermissionsEgress()));
        }
        ec2.createTags(r -> r.resources(def.groupId()).tags(c.tags("Name", name + "-default-closed").entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        c.ledger.add(M + "aws_default_security_group.this", "", def.groupId(), () -> { });

        String igw = ec2.createInternetGateway(r -> r.tagSpecifications(
                c.ec2Tags(ResourceType.INTERNET_GATEWAY, "Name", name + "-igw"))).internetGateway().internetGatewayId();
        c.ledger.add(M + "aws_internet_gateway.this", "", igw, () -> {
            ec2.detachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
            ec2.deleteInternetGateway(r -> r.internetGatewayId(igw));
        });
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));

        Network.SubnetPlan plan = new Network(c.vpcCidr).subnetPlan(azs.size());
        for (int i = 0; i < azs.size(); i++) {
            c.publicSubnets.add(subnet(c, "public", i, plan.publicSubnets().get(i)));
        }
        for (int i = 0; i < azs.size(); i++) {
            c.privateSubnets.add(subnet(c, "private", i, plan.privateSubnets().get(i)));
        }

        // single_nat_gateway defaults to false: one NAT per AZ, so each zone keeps egress when another fails.
        String[] nats = new String[azs.size()];
        for (int i = 0; i < azs.size(); i++) {
            String key = Integer.toString(i);
            String az = azs.get(i);
            String eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                    .tagSpecifications(c.ec2Tags(ResourceType.ELASTIC_IP, "Name", name + "-nat-" + az))).allocationId();
            c.ledger.add(M + "aws_eip.nat", key, eip, () -> ec2.releaseAddress(r -> r.allocationId(eip)));
            String subnet = c.publicSubnets.get(i);
            String nat = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip)
                    .tagSpecifications(c.ec2Tags(ResourceType.NATGATEWAY, "Name", name + "-nat-" + az)))
                    .natGateway().natGatewayId();
            nats[i] = nat;
            c.ledger.add(M + "aws_nat_gateway.this", key, nat, () -> ec2.deleteNatGateway(r -> r.natGatewayId(nat)));
        }

        String publicRt = routeTable(c, "public", "", name + "-public");
        route(c, "public_internet", "", publicRt, igw, null);
        for (int i = 0; i < azs.size(); i++) {
            associate(c, "public", Integer.toString(i), publicRt, c.publicSubnets.get(i));
        }
        String[] privateRts = new String[azs.size()];
        for (int i = 0; i < azs.size(); i++) {
            String key = Integer.toString(i);
            privateRts[i] = routeTable(c, "private", key, name + "-private-" + azs.get(i));
            route(c, "private_nat", key, privateRts[i], null, nats[i]);
            associate(c, "private", key, privateRts[i], c.privateSubnets.get(i));
        }

        String endpoint = ec2.createVpcEndpoint(r -> r.vpcId(vpc).vpcEndpointType(VpcEndpointType.GATEWAY)
                .serviceName("com.amazonaws." + c.topology.region() + ".s3").routeTableIds(privateRts)
                .tagSpecifications(c.ec2Tags(ResourceType.VPC_ENDPOINT, "Name", name + "-s3"))).vpcEndpoint().vpcEndpointId();
        c.ledger.add(M + "aws_vpc_endpoint.s3", "", endpoint, () -> ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(endpoint)));
    }

    /**
     * The VPC flow log into the log bucket. moto checks the destination's bucket name literally and
     * rejects terraform's {@code <bucket-arn>/vpc-flow-logs/} form, so the emulated flow log targets
     * the bucket itself.
     */
    static void flowLog(Context c) {
        Ec2Client ec2 = c.aws.ec2();
        var result = ec2.createFlowLogs(r -> r.resourceIds(c.vpcId)
                .resourceType(software.amazon.awssdk.services.ec2.model.FlowLogsResourceType.VPC)
                .trafficType(software.amazon.awssdk.services.ec2.model.TrafficType.ALL)
                .logDestinationType(software.amazon.awssdk.services.ec2.model.LogDestinationType.S3)
                .logDestination("arn:aws:s3:::" + c.names.logBucket())
                .tagSpecifications(c.ec2Tags(ResourceType.VPC_FLOW_LOG, "Name", c.topology.name() + "-flow-logs")));
        if (!result.unsuccessful().isEmpty() || result.flowLogIds().isEmpty()) {
            throw new IllegalStateException("CreateFlowLogs for " + c.vpcId + " failed: " + result.unsuccessful());
        }
        String id = result.flowLogIds().get(0);
        c.ledger.add(M + "aws_flow_log.this", "", id, () -> ec2.deleteFlowLogs(r -> r.flowLogIds(id)));
    }

    private static String subnet(Context c, String kind, int i, Cidr block) {
        Ec2Client ec2 = c.aws.ec2();
        String az = c.topology.availabilityZones().get(i);
        String id = ec2.createSubnet(r -> r.vpcId(c.vpcId).availabilityZone(az).cidrBlock(block.text())
                .tagSpecifications(c.ec2Tags(ResourceType.SUBNET, "Name", c.topology.name() + "-" + kind + "-" + az,
                        "Tier", kind))).subnet().subnetId();
        c.ledger.add(M + "aws_subnet." + kind, Integer.toString(i), id, () -> ec2.deleteSubnet(r -> r.subnetId(id)));
        return id;
    }

    private static String routeTable(Context c, String kind, String key, String name) {
        Ec2Client ec2 = c.aws.ec2();
        String id = ec2.createRouteTable(r -> r.vpcId(c.vpcId)
                .tagSpecifications(c.ec2Tags(ResourceType.ROUTE_TABLE, "Name", name))).routeTable().routeTableId();
        c.ledger.add(M + "aws_route_table." + kind, key, id, () -> ec2.deleteRouteTable(r -> r.routeTableId(id)));
        return id;
    }

    private static void route(Context c, String name, String key, String table, String igw, String nat) {
        Ec2Client ec2 = c.aws.ec2();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw).natGatewayId(nat));
        c.ledger.add(M + "aws_route." + name, key, table + "_0.0.0.0/0",
                () -> ec2.deleteRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0")));
    }

    private static void associate(Context c, String kind, String key, String table, String subnet) {
        Ec2Client ec2 = c.aws.ec2();
        String id = ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(subnet)).associationId();
        c.ledger.add(M + "aws_route_table_association." + kind, key, id,
                () -> ec2.disassociateRouteTable(r -> r.associationId(id)));
    }
}
