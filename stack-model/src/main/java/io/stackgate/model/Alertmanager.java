package io.stackgate.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The Alertmanager tier: instances in one gossip cluster, every one of them addressed by Prometheus. */
public record Alertmanager(int replicas, String instanceType, boolean cluster, List<Receiver> receivers, Route route) {
    public Alertmanager {
        Limits.ALERTMANAGER_REPLICAS.check("replicas", replicas);
        Checks.matches("instanceType", instanceType, Prometheus.INSTANCE_TYPE, "an EC2 instance type such as t3.small");
        receivers = Checks.list("receivers", receivers);
        if (receivers.isEmpty()) {
            throw new TopologyException("receivers", "needs at least one receiver, e.g. "
                    + "[{ name: ops, webhookUrl: \"https://hooks.example.com/ops\" }]");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < receivers.size(); i++) {
            String n = receivers.get(i).name();
            if (!names.add(n) || "watchdog".equals(n)) {
                throw new TopologyException("receivers[" + i + "].name", "\"" + n + "\" is "
                        + ("watchdog".equals(n) ? "reserved for the Watchdog route" : "declared twice"));
            }
        }
        Checks.required("route", route);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static final class Builder {
        private int replicas = 3;
        private String instanceType = "t3.small";
        private boolean cluster = true;
        private List<Receiver> receivers = new ArrayList<>(List.of(new Receiver("ops", "https://hooks.example.com/ops")));
        private Route route = Route.defaults();

        private Builder() {
        }

        private Builder(Alertmanager a) {
            replicas = a.replicas;
            instanceType = a.instanceType;
            cluster = a.cluster;
            receivers = new ArrayList<>(a.receivers);
            route = a.route;
        }

        public Builder replicas(int v) { replicas = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder cluster(boolean v) { cluster = v; return this; }
        public Builder receivers(List<Receiver> v) { receivers = new ArrayList<>(v); return this; }
        public Builder route(Route v) { route = v; return this; }

        public Alertmanager build() {
            return new Alertmanager(replicas, instanceType, cluster, receivers, route);
        }
    }
}
