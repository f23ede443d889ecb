package io.stackgate.aws.inspect;

import io.stackgate.aws.discovery.DiscoveredStack;
import io.stackgate.aws.discovery.DiscoveredStack.Bucket;
import io.stackgate.aws.discovery.DiscoveredStack.FileSystem;
import io.stackgate.aws.discovery.DiscoveredStack.MountTarget;
import io.stackgate.aws.discovery.DiscoveredStack.Parameter;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import java.util.List;
import java.util.Optional;

/** The shared config's EFS (encrypted, one mount target per AZ), the config bucket (private, encrypted), the admin parameter. */
final class StorageChecks {
    private final Topology t;
    private final StackNames names;
    private final DiscoveredStack s;

    StorageChecks(Topology t, StackNames names, DiscoveredStack s) {
        this.t = t;
        this.names = names;
        this.s = s;
    }

    void run(List<Finding> out) {
        efs(out);
        bucket(out);
        parameter(out);
    }

    private void efs(List<Finding> out) {
        if (s.fileSystems().isEmpty()) {
            out.add(DriftCode.DRIFT_MISSING.at("aws:efs:file-system/" + names.efsCreationToken(),
                    "the shared config's EFS file system is missing: nodes with configStore efs cannot boot",
                    "run terraform apply for this stack (modules/storage)"));
            return;
        }
        FileSystem fs = s.fileSystems().get(0);
        String base = "aws:efs:file-system/" + fs.id();
        Tags.require(out, base, fs.tags(), "Stack", t.name());
        if (!fs.encrypted()) {
            out.add(DriftCode.DRIFT_UNENCRYPTED.at(base, "EFS " + fs.id() + " is not encrypted at rest",
                    "recreate it encrypted with the stack key (encryption cannot be turned on later)"));
        }
        for (String az : t.availabilityZones()) {
            List<MountTarget> inAz = fs.mountTargets().stream().filter(m -> m.availabilityZone().equals(az)).toList();
            if (inAz.isEmpty()) {
                out.add(DriftCode.DRIFT_MISSING.at(base + "/mount-target/" + az, "EFS " + fs.id() + " has no mount target in "
                        + az + ": nodes there mount the config across zones and lose it with the other zone",
                        "create the mount target in the private subnet of " + az + " (terraform apply)"));
            }
        }
    }

    private void bucket(List<Finding> out) {
        Optional<Bucket> b = s.buckets().stream().filter(x -> x.name().equals(names.configBucket())).findFirst();
        String base = "aws:s3:bucket/" + names.configBucket();
        if (b.isEmpty()) {
            out.add(DriftCode.DRIFT_MISSING.at(base, "the config bucket " + names.configBucket() + " is missing: nodes "
                    + "cannot fetch the Ansible tree at boot", "run terraform apply for this stack (modules/storage)"));
            return;
        }
        Tags.require(out, base, b.get().tags(), "Stack", t.name());
        if (!b.get().publicAccessBlocked() || b.get().policyPublic() || b.get().aclPublic()) {
            out.add(DriftCode.DRIFT_BUCKET_PUBLIC.at(base + "/public-access", "the config bucket is not fully private ("
                    + (b.get().publicAccessBlocked() ? "" : "public access block off; ")
                    + (b.get().policyPublic() ? "policy public; " : "") + (b.get().aclPublic() ? "ACL grants public access" : "")
                    + "): it holds the stack's whole configuration",
                    "turn on all four public access blocks and remove public grants (terraform apply)"));
        }
        if (b.get().encryption().isEmpty()) {
            out.add(DriftCode.DRIFT_UNENCRYPTED.at(base + "/encryption", "the config bucket has no default encryption",
                    "set SSE-KMS with the stack key (terraform apply)"));
        }
    }

    private void parameter(List<Finding> out) {
        String name = t.grafana().adminPassword().ssmParameter();
        if (name.isEmpty()) {
            return;
        }
        Optional<Parameter> p = s.parameters().stream().filter(x -> x.name().equals(name)).findFirst();
        String path = "aws:ssm:parameter" + name;
        if (p.isEmpty()) {
            out.add(DriftCode.DRIFT_MISSING.at(path, "the Grafana admin password parameter " + name + " is missing: "
                    + "Grafana's bootstrap fails", "create it: aws ssm put-parameter --type SecureString --name " + name));
        } else if (!"SecureString".equals(p.get().type())) {
            out.add(DriftCode.DRIFT_UNENCRYPTED.at(path, "parameter " + name + " is a " + p.get().type()
                    + ": the admin password is stored in plaintext", "recreate it as a SecureString under the stack key"));
        }
    }
}
