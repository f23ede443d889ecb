package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.SEC_EXPORTER_OPEN;
import static io.stackgate.model.validate.FindingCode.SEC_IMDSV1;
import static io.stackgate.model.validate.FindingCode.SEC_PLAINTEXT_SECRET;
import static io.stackgate.model.validate.FindingCode.SEC_PUBLIC_PLAINTEXT;
import static io.stackgate.model.validate.FindingCode.SEC_SSH_OPEN_WORLD;

import io.stackgate.model.Cidr;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Receiver;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** TLS, network exposure, secrets and instance metadata. */
public final class SecurityRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        List<Finding> out = new ArrayList<>();
        PublicLoadBalancer pub = t.loadBalancers().publicLb();
        if (pub.enabled() && pub.tls() == null) {
            out.add(SEC_PUBLIC_PLAINTEXT.at("loadBalancers.public.tls",
                    "the public load balancer serves plain HTTP: Grafana logins, session cookies and "
                            + "dashboards cross the internet unencrypted",
                    "add loadBalancers.public.tls with an ACM certificateArn and minVersion: TLS1.2"));
        }
        List<Cidr> ssh = t.security().sshFromCidrs();
        for (int i = 0; i < ssh.size(); i++) {
            if (ssh.get(i).isWorld()) {
                out.add(SEC_SSH_OPEN_WORLD.at("security.sshFromCidrs[" + i + "]",
                        "SSH is open to " + ssh.get(i) + ": every instance takes login attempts from the whole "
                                + "internet",
                        "remove it and use SSM Session Manager, or list only your bastion's or VPN's CIDR"));
            }
        }
        List<Cidr> exporters = t.security().exporterAllowedCidrs();
        for (int i = 0; i < exporters.size(); i++) {
            out.add(SEC_EXPORTER_OPEN.at("security.exporterAllowedCidrs[" + i + "]",
                    "exporter and scrape ports are reachable from " + exporters.get(i) + ", not only from the "
                            + "Prometheus security group: metrics leak host details and exporters become a "
                            + "denial-of-service target",
                    "remove exporterAllowedCidrs; only the Prometheus security group needs port 9100"));
        }
        if (t.grafana().adminPassword().isLiteral()) {
            out.add(secret("grafana.adminPassword", "Grafana's admin password", t.name() + "/grafana/admin"));
        }
        if (t.grafana().database().password() != null && t.grafana().database().password().isLiteral()) {
            out.add(secret("grafana.database.password", "Grafana's database password", t.name() + "/grafana/db"));
        }
        List<Receiver> receivers = t.alertmanager().receivers();
        for (int i = 0; i < receivers.size(); i++) {
            if (receivers.get(i).hasLiteralCredentials()) {
                out.add(SEC_PLAINTEXT_SECRET.at("alertmanager.receivers[" + i + "].webhookUrl",
                        "the webhook URL carries credentials in clear text: they end up in the repository, "
                                + "the rendered alertmanager.yml and every node's disk",
                        "move the credentials to a secret and let the receiver authenticate with a header"));
            }
        }
        if (!t.security().imdsV2()) {
            out.add(SEC_IMDSV1.at("security.imdsV2",
                    "instances accept IMDSv1: a server-side request forgery in any service on the node can "
                            + "read the instance role's credentials",
                    "set security.imdsV2: true (launch templates require session tokens)"));
        }
        return out;
    }

    private static Finding secret(String path, String what, String parameter) {
        return SEC_PLAINTEXT_SECRET.at(path, what + " is written in the topology: it lands in version control, "
                + "in generated files and in every node's configuration",
                "store it in SSM Parameter Store and reference it: { secretRef: \"ssm:/" + parameter + "\" }");
    }
}
