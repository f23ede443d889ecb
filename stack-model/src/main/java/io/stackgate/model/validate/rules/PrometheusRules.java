package io.stackgate.model.validate.rules;

import static io.stackgate.model.validate.FindingCode.AM_BEHIND_LOAD_BALANCER;
import static io.stackgate.model.validate.FindingCode.PROM_MUTUAL_FEDERATION;
import static io.stackgate.model.validate.FindingCode.PROM_REPLICA_LABEL_NOT_DROPPED;
import static io.stackgate.model.validate.FindingCode.PROM_TSDB_ON_NFS;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Prometheus;
import io.stackgate.model.StorageType;
import io.stackgate.model.Topology;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Federation layout, TSDB storage, alert labels and how alerts reach Alertmanager. */
public final class PrometheusRules implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        Prometheus p = t.prometheus();
        List<Finding> out = new ArrayList<>();
        if (p.federation().mode() == FederationMode.MUTUAL) {
            out.add(PROM_MUTUAL_FEDERATION.at("prometheus.federation.mode",
                    "the replicas federate each other: every replica ingests its peers' series next to its own, "
                            + "so queries count every series once per replica, and samples that arrive late are "
                            + "rejected as out-of-order; nothing deduplicates them",
                    "set federation.mode to none (identical replicas, deduplicated at query time by the replica "
                            + "label) or global (a separate global Prometheus federates from the replicas)"));
        }
        if (p.storage().type() == StorageType.EFS || p.storage().type() == StorageType.NFS) {
            out.add(PROM_TSDB_ON_NFS.at("prometheus.storage.type",
                    "the TSDB is on " + p.storage().type().yamlName() + ": Prometheus does not support network "
                            + "filesystems; file locking and mmap semantics break and blocks get corrupted",
                    "set storage.type to ebs (one volume per replica); share only the config, not the data"));
        }
        if (!p.dropReplicaLabelOnAlerts()) {
            out.add(PROM_REPLICA_LABEL_NOT_DROPPED.at("prometheus.dropReplicaLabelOnAlerts",
                    "alerts keep the '" + p.replicaLabel() + "' label, so the same alert fired by each of the "
                            + "replicas looks like a different alert: Alertmanager cannot deduplicate them and "
                            + "every page is sent once per replica",
                    "set dropReplicaLabelOnAlerts: true (alert_relabel_configs drops the label)"));
        }
        if (p.alertmanagers() == AlertmanagerRouting.LOAD_BALANCER) {
            out.add(AM_BEHIND_LOAD_BALANCER.at("prometheus.alertmanagers",
                    "Prometheus sends alerts through a load balancer, so each alert reaches one Alertmanager "
                            + "chosen at random; the cluster's deduplication and failover assume every Prometheus "
                            + "sends to every Alertmanager",
                    "set alertmanagers: direct (Prometheus discovers and addresses every instance)"));
        }
        return out;
    }
}
