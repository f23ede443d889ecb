package io.stackgate.aws.inspect;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Ingress;
import io.stackgate.aws.discovery.DiscoveredStack.SecurityGroup;
import io.stackgate.aws.stack.NetworkPolicy;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Cidr;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.FindingCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ingress rule of the stack's security groups against the network policy of
 * terraform/modules/security: SSH from the world, exporter / scrape ports from anything but the
 * modelled sources, any other rule the model does not declare, and declared rules that are gone.
 */
final class SecurityGroupChecks {
    private final Topology t;
    private final StackNames names;
    private final DiscoveredStack s;

    SecurityGroupChecks(Topology t, StackNames names, DiscoveredStack s) {
        this.t = t;
        this.names = names;
        this.s = s;
    }

    void run(List<Finding> out) {
        // The VPC block only matters for egress, which is not inspected; any block will do here.
        NetworkPolicy policy = NetworkPolicy.of(t, t.network().vpcCidr());
        Map<String, SecurityGroup> byKey = new HashMap<>();
        for (String key : policy.groups().keySet()) {
            Optional<SecurityGroup> g = s.securityGroups().stream()
                    .filter(x -> names.securityGroupTag(key).equals(x.tags().get("Name"))).findFirst();
            if (g.isPresent()) {
                byKey.put(key, g.get());
            } else {
                out.add(DriftCode.DRIFT_MISSING.at("aws:ec2:security-group/" + names.securityGroupTag(key),
                        "no security group tagged Name=" + names.securityGroupTag(key) + " and Stack=" + t.name(),
                        "run terraform apply for this stack (modules/security)"));
            }
        }
        for (Map.Entry<String, SecurityGroup> e : byKey.entrySet()) {
            group(out, e.getKey(), e.getValue(), policy.ingress(e.getKey()), byKey);
        }
    }

    private void group(List<Finding> out, String key, SecurityGroup g, List<NetworkPolicy.Rule> expected,
            Map<String, SecurityGroup> byKey) {
        String base = "aws:ec2:security-group/" + g.id();
        List<NetworkPolicy.Rule> unmatched = new ArrayList<>(expected);
        for (int i = 0; i < g.ingress().size(); i++) {
            Ingress in = g.ingress().get(i);
            Optional<NetworkPolicy.Rule> match = unmatched.stream().filter(r -> matches(r, in, byKey)).findFirst();
            if (match.isPresent()) {
                unmatched.remove(match.get());
                continue;
            }
            String path = base + "/ingress[" + i + "]";
            boolean world = in.cidr().map(c -> Cidr.parse(c).isWorld()).orElse(false);
            Optional<Integer> exporterPort = exporterPorts(key).stream().filter(in::coversTcp).findFirst();
            if (world && in.coversTcp(NetworkPolicy.SSH)) {
                out.add(FindingCode.SEC_SSH_OPEN_WORLD.at(path, "security group " + g.id() + " (" + key + ") allows "
                        + in.describe() + ": SSH is reachable from the whole internet",
                        "revoke the rule; use Session Manager, or limit SSH to security.sshFromCidrs"));
            } else if (exporterPort.isPresent()) {
                out.add(FindingCode.SEC_EXPORTER_OPEN.at(path, "security group " + g.id() + " (" + key + ") allows "
                        + in.describe() + ": port " + exporterPort.get() + " answers more than the Prometheus security "
                        + "group, so anyone there reads the node's metrics (hosts, versions, topology)",
                        "revoke the rule; only the Prometheus security group (and the modelled balancers) may reach it"));
            } else {
                out.add(DriftCode.DRIFT_INGRESS.at(path, "security group " + g.id() + " (" + key + ") allows "
                        + in.describe() + ", which the model does not declare",
                        "revoke the rule, or model the flow and deploy it with terraform"));
            }
        }
        for (NetworkPolicy.Rule r : unmatched) {
            out.add(DriftCode.DRIFT_MISSING.at(base + "/ingress", "security group " + g.id() + " (" + key + ") lacks "
                    + r.protocol() + " " + r.fromPort() + " from " + r.peer() + " (" + r.description() + ")",
                    "run terraform apply for this stack (modules/security)"));
        }
    }

    /** The ports only modelled sources may reach on a group: node_exporter and the tier's own port. */
    private List<Integer> exporterPorts(String key) {
        if (key.equals("prometheus") && t.query().enabled()) {
            return List.of(NetworkPolicy.NODE_EXPORTER, Tier.PROMETHEUS.port(), NetworkPolicy.THANOS_GRPC);
        }
        return Tier.byId(key).map(tier -> List.of(NetworkPolicy.NODE_EXPORTER, tier.port())).orElse(List.of());
    }

    private static boolean matches(NetworkPolicy.Rule r, Ingress in, Map<String, SecurityGroup> byKey) {
        if (!r.protocol().equals(in.protocol()) || r.fromPort() != in.fromPort() || r.toPort() != in.toPort()) {
            return false;
        }
        if (r.peer().isGroup()) {
            SecurityGroup peer = byKey.get(r.peer().group());
            return peer != null && in.sourceGroup().filter(peer.id()::equals).isPresent();
        }
        return in.cidr().filter(r.peer().cidr()::equals).isPresent();
    }
}
