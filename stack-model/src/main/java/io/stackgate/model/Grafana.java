package io.stackgate.model;

/** The Grafana tier: replicas on a shared database, provisioned from files. */
public record Grafana(int replicas, String instanceType, Database database, RemoteCache remoteCache,
        boolean alertingHa, Secret adminPassword) {
    public Grafana {
        Limits.GRAFANA_REPLICAS.check("replicas", replicas);
        Checks.matches("instanceType", instanceType, Prometheus.INSTANCE_TYPE, "an EC2 instance type such as t3.small");
        Checks.required("database", database);
        Checks.required("remoteCache", remoteCache);
        Checks.required("adminPassword", adminPassword);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static final class Builder {
        private int replicas = 2;
        private String instanceType = "t3.small";
        private Database database = Database.of(DatabaseEngine.POSTGRES);
        private RemoteCache remoteCache = RemoteCache.DATABASE;
        private boolean alertingHa = true;
        private Secret adminPassword;

        private Builder() {
        }

        private Builder(Grafana g) {
            replicas = g.replicas;
            instanceType = g.instanceType;
            database = g.database;
            remoteCache = g.remoteCache;
            alertingHa = g.alertingHa;
            adminPassword = g.adminPassword;
        }

        public Builder replicas(int v) { replicas = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder database(Database v) { database = v; return this; }
        public Builder database(DatabaseEngine v) { database = Database.of(v); return this; }
        public Builder remoteCache(RemoteCache v) { remoteCache = v; return this; }
        public Builder alertingHa(boolean v) { alertingHa = v; return this; }
        public Builder adminPassword(Secret v) { adminPassword = v; return this; }

        /** Builds; without an explicit admin password the reference defaults to {@code ssm:/<stack>/grafana/admin}. */
        public Grafana build(String stackName) {
            Secret admin = adminPassword != null ? adminPassword : Secret.ref("ssm:/" + stackName + "/grafana/admin");
            return new Grafana(replicas, instanceType, database, remoteCache, alertingHa, admin);
        }
    }
}
