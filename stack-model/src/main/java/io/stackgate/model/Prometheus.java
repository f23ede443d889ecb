package io.stackgate.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The Prometheus tier: N identical replicas reading one shared configuration. */
public record Prometheus(int replicas, String instanceType, PromDuration scrapeInterval,
        PromDuration evaluationInterval, PromDuration retention, Storage storage, ConfigStore configStore,
        String replicaLabel, boolean dropReplicaLabelOnAlerts, Federation federation,
        AlertmanagerRouting alertmanagers, List<ScrapeJob> scrapeJobs) {
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,62}");
    public static final int MAX_SCRAPE_JOBS = 5_000;

    public Prometheus {
        Limits.PROMETHEUS_REPLICAS.check("replicas", replicas);
        Checks.matches("instanceType", instanceType, INSTANCE_TYPE, "an EC2 instance type such as t3.medium");
        Checks.required("scrapeInterval", scrapeInterval)
                .within("scrapeInterval", Duration.ofSeconds(1), Duration.ofHours(1));
        Checks.required("evaluationInterval", evaluationInterval)
                .within("evaluationInterval", Duration.ofSeconds(1), Duration.ofHours(1));
        Checks.required("retention", retention).within("retention", Duration.ofHours(2), Duration.ofDays(3_650));
        Checks.required("storage", storage);
        Checks.required("configStore", configStore);
        Checks.matches("replicaLabel", replicaLabel, LABEL, "a label name (letters, digits and _)");
        if (replicaLabel.startsWith("__")) {
            throw new TopologyException("replicaLabel", "names starting with __ are reserved by Prometheus");
        }
        Checks.required("federation", federation);
        Checks.required("alertmanagers", alertmanagers);
        scrapeJobs = Checks.list("scrapeJobs", scrapeJobs);
        if (scrapeJobs.size() > MAX_SCRAPE_JOBS) {
            throw new TopologyException("scrapeJobs", "at most " + MAX_SCRAPE_JOBS + " jobs, got " + scrapeJobs.size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < scrapeJobs.size(); i++) {
            if (!names.add(scrapeJobs.get(i).name())) {
                throw new TopologyException("scrapeJobs[" + i + "].name",
                        "job \"" + scrapeJobs.get(i).name() + "\" is declared twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fluent builder; every key has the default a minimal topology file would get. */
    public static final class Builder {
        private int replicas = 2;
        private String instanceType = "t3.medium";
        private PromDuration scrapeInterval = PromDuration.parse("15s");
        private PromDuration evaluationInterval = PromDuration.parse("15s");
        private PromDuration retention = PromDuration.parse("15d");
        private Storage storage = new Storage(StorageType.EBS, 100);
        private ConfigStore configStore = ConfigStore.EFS;
        private String replicaLabel = "replica";
        private boolean dropReplicaLabelOnAlerts = true;
        private Federation federation = Federation.none();
        private AlertmanagerRouting alertmanagers = AlertmanagerRouting.DIRECT;
        private List<ScrapeJob> scrapeJobs = new ArrayList<>();

        private Builder() {
        }

        private Builder(Prometheus p) {
            replicas = p.replicas;
            instanceType = p.instanceType;
            scrapeInterval = p.scrapeInterval;
            evaluationInterval = p.evaluationInterval;
            retention = p.retention;
            storage = p.storage;
            configStore = p.configStore;
            replicaLabel = p.replicaLabel;
            dropReplicaLabelOnAlerts = p.dropReplicaLabelOnAlerts;
            federation = p.federation;
            alertmanagers = p.alertmanagers;
            scrapeJobs = new ArrayList<>(p.scrapeJobs);
        }

        public Builder replicas(int v) { replicas = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder scrapeInterval(String v) { scrapeInterval = PromDuration.parse(v); return this; }
        public Builder scrapeInterval(PromDuration v) { scrapeInterval = v; return this; }
        public Builder evaluationInterval(String v) { evaluationInterval = PromDuration.parse(v); return this; }
        public Builder evaluationInterval(PromDuration v) { evaluationInterval = v; return this; }
        public Builder retention(String v) { retention = PromDuration.parse(v); return this; }
        public Builder retention(PromDuration v) { retention = v; return this; }
        public Builder storage(Storage v) { storage = v; return this; }
        public Builder storage(StorageType type, int sizeGiB) { storage = new Storage(type, sizeGiB); return this; }
        public Builder configStore(ConfigStore v) { configStore = v; return this; }
        public Builder replicaLabel(String v) { replicaLabel = v; return this; }
        public Builder dropReplicaLabelOnAlerts(boolean v) { dropReplicaLabelOnAlerts = v; return this; }
        public Builder federation(Federation v) { federation = v; return this; }
        public Builder federation(FederationMode v) { federation = new Federation(v, federation.match()); return this; }
        public Builder alertmanagers(AlertmanagerRouting v) { alertmanagers = v; return this; }
        public Builder scrapeJobs(List<ScrapeJob> v) { scrapeJobs = new ArrayList<>(v); return this; }
        public Builder addScrapeJob(ScrapeJob v) { scrapeJobs.add(v); return this; }

        public Prometheus build() {
            return new Prometheus(replicas, instanceType, scrapeInterval, evaluationInterval, retention, storage,
                    configStore, replicaLabel, dropReplicaLabelOnAlerts, federation, alertmanagers, scrapeJobs);
        }
    }
}
