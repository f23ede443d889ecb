package io.stackgate.model.validate;

/** The built-in finding codes (DESIGN.md's contract) and their severities. */
public enum FindingCode {
    HA_SINGLE_AZ(Severity.ERROR),
    HA_SINGLE_REPLICA(Severity.ERROR),
    HA_REPLICAS_UNEVEN_AZ(Severity.WARNING),
    PROM_MUTUAL_FEDERATION(Severity.ERROR),
    PROM_TSDB_ON_NFS(Severity.ERROR),
    PROM_REPLICA_LABEL_NOT_DROPPED(Severity.ERROR),
    AM_BEHIND_LOAD_BALANCER(Severity.ERROR),
    AM_CLUSTER_DISABLED(Severity.ERROR),
    GRAFANA_SQLITE_SHARED(Severity.ERROR),
    GRAFANA_ALERTING_HA_MISSING(Severity.WARNING),
    LB_FAILOVER_BUDGET(Severity.WARNING),
    SEC_PUBLIC_PLAINTEXT(Severity.ERROR),
    SEC_SSH_OPEN_WORLD(Severity.ERROR),
    SEC_EXPORTER_OPEN(Severity.ERROR),
    SEC_PLAINTEXT_SECRET(Severity.ERROR),
    SEC_IMDSV1(Severity.ERROR),
    QUERY_NO_DEDUP(Severity.ERROR);

    private final Severity severity;

    FindingCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** A finding of this code. */
    public Finding at(String path, String message, String fix) {
        return new Finding(name(), severity, path, message, fix);
    }
}
