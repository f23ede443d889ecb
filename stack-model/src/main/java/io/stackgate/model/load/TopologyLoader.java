package io.stackgate.model.load;

import io.stackgate.model.AlertmanagerRouting;
import io.stackgate.model.BalancerSemantics;
import io.stackgate.model.Alertmanager;
import io.stackgate.model.Cidr;
import io.stackgate.model.ConfigStore;
import io.stackgate.model.Database;
import io.stackgate.model.DatabaseEngine;
import io.stackgate.model.Ec2Discovery;
import io.stackgate.model.Federation;
import io.stackgate.model.FederationMode;
import io.stackgate.model.Grafana;
import io.stackgate.model.HealthCheck;
import io.stackgate.model.Limits;
import io.stackgate.model.LoadBalancers;
import io.stackgate.model.Network;
import io.stackgate.model.PromDuration;
import io.stackgate.model.Prometheus;
import io.stackgate.model.PublicLoadBalancer;
import io.stackgate.model.Query;
import io.stackgate.model.QueryLayer;
import io.stackgate.model.Receiver;
import io.stackgate.model.RemoteCache;
import io.stackgate.model.Route;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Secret;
import io.stackgate.model.Security;
import io.stackgate.model.Storage;
import io.stackgate.model.StorageType;
import io.stackgate.model.Tls;
import io.stackgate.model.TlsVersion;
import io.stackgate.model.Topology;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a topology file. Every problem — an unreadable file, YAML that does not parse, an unknown
 * key, a wrong type, a value out of range — becomes one {@link TopologyLoadException} that names
 * {@code file:line:column}, the topology path and what was expected.
 *
 * <p>Defenses against hostile input: files above {@link #MAX_BYTES} are refused before they are
 * read; alias expansion is limited (a "billion laughs" document is refused while it is composed,
 * before anything is expanded); nesting depth is limited.
 *
 * <p>Why one file over 300 lines: one reader per topology section, each a few lines of located key
 * reads; together they are the topology's grammar, kept in one place on purpose.
 */
public final class TopologyLoader {
    /** Largest topology file accepted; 5,000 static targets take about 200 KB. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final int MAX_ALIASES = 50;
    private static final int MAX_DEPTH = 32;

    /**
     * Loads and checks a topology file.
     *
     * @throws TopologyLoadException when the file is missing, unreadable, too large, not YAML or not a valid topology
     */
    public Topology load(Path file) throws TopologyLoadException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new TopologyLoadException(source, 1, 1, "", "is a directory; give the path of a topology YAML file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new TopologyLoadException(source, 1, 1, "", "is " + String.format(java.util.Locale.ROOT,
                        "%.1f", size / (1024.0 * 1024)) + " MB; a topology file may be at most " + MAX_BYTES / (1024 * 1024) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TopologyLoadException(source, 1, 1, "", "no such file (working directory: "
                    + Path.of("").toAbsolutePath() + ")");
        } catch (AccessDeniedException e) {
            throw new TopologyLoadException(source, 1, 1, "", "permission denied");
        } catch (IOException e) {
            throw new TopologyLoadException(source, 1, 1, "", "cannot be read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TopologyLoadException(source, 1, 1, "", "is not UTF-8 text (a binary file?)");
        }
        return parse(text, source);
    }

    /** Parses topology YAML held in memory; {@code source} names it in error messages. */
    public Topology parse(String text, String source) throws TopologyLoadException {
        if (text.length() > MAX_BYTES) {
            throw new TopologyLoadException(source, 1, 1, "", "is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        Node root = compose(text, source);
        if (root == null) {
            throw new TopologyLoadException(source, 1, 1, "",
                    "is empty; expected a mapping with name, region, availabilityZones, prometheus, alertmanager, grafana");
        }
        return readTopology(YamlMap.of(source, "", root));
    }

    private static Node compose(String text, String source) throws TopologyLoadException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            if (m == null) {
                throw new TopologyLoadException(source, 1, 1, "", "is not valid YAML: " + problem + context);
            }
            throw new TopologyLoadException(source, m.getLine() + 1, m.getColumn() + 1, "",
                    "is not valid YAML: " + oneLine(problem) + oneLine(context));
        } catch (YAMLException e) {
            throw new TopologyLoadException(source, 1, 1, "", "is refused: " + oneLine(e.getMessage())
                    + (e.getMessage() != null && e.getMessage().contains("aliases")
                            ? " (too many YAML aliases: an alias bomb?)" : ""));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private Topology readTopology(YamlMap m) throws TopologyLoadException {
        m.allow("name", "region", "availabilityZones", "network", "prometheus", "alertmanager", "grafana",
                "loadBalancers", "security", "query");
        m.require("name", "obs").require("region", "us-east-1").require("availabilityZones", "[us-east-1a, us-east-1b]");
        String name = m.string("name");
        m.build(() -> Topology.checkName(name));
        String region = m.string("region");
        List<String> azs = m.strings("availabilityZones");
        Network network = m.has("network") ? readNetwork(m.map("network")) : new Network(Cidr.parse("10.40.0.0/16"));
        Prometheus prometheus = m.has("prometheus") ? readPrometheus(m.map("prometheus")) : Prometheus.builder().build();
        Alertmanager alertmanager = m.has("alertmanager") ? readAlertmanager(m.map("alertmanager"))
                : Alertmanager.builder().build();
        Grafana grafana = m.has("grafana") ? readGrafana(m.map("grafana"), name) : Grafana.builder().build(name);
        LoadBalancers lbs = m.has("loadBalancers") ? readLoadBalancers(m.map("loadBalancers"))
                : new LoadBalancers(new PublicLoadBalancer(false, null, List.of()), true, HealthCheck.defaults(), 60);
        Security security = m.has("security") ? readSecurity(m.map("security")) : Security.defaults();
        Query query = m.has("query") ? readQuery(m.map("query")) : Query.defaults();
        return m.build(() -> new Topology(name, region, azs, network, prometheus, alertmanager, grafana, lbs, security,
                query));
    }

    /** {@code query: {layer: thanos|none, replicas: N}}; each key defaults as in {@link Query#defaults()}. */
    private Query readQuery(YamlMap m) throws TopologyLoadException {
        m.allow("layer", "replicas");
        QueryLayer layer = m.has("layer") ? m.enumValue("layer", QueryLayer.class) : QueryLayer.THANOS;
        int replicas = m.has("replicas") ? m.integer("replicas", Limits.QUERY_REPLICAS) : Query.DEFAULT_REPLICAS;
        return m.build(() -> new Query(layer, replicas));
    }

    private Network readNetwork(YamlMap m) throws TopologyLoadException {
        m.allow("vpcCidr").require("vpcCidr", "10.40.0.0/16");
        Cidr cidr = m.cidr("vpcCidr");
        return m.build(() -> new Network(cidr));
    }

    private Prometheus readPrometheus(YamlMap m) throws TopologyLoadException {
        m.allow("replicas", "instanceType", "scrapeInterval", "evaluationInterval", "retention", "storage",
                "configStore", "replicaLabel", "dropReplicaLabelOnAlerts", "federation", "alertmanagers", "scrapeJobs");
        Prometheus.Builder b = Prometheus.builder();
        if (m.has("replicas")) {
            b.replicas(m.integer("replicas", Limits.PROMETHEUS_REPLICAS));
        }
        if (m.has("instanceType")) {
            b.instanceType(m.string("instanceType"));
        }
        if (m.has("scrapeInterval")) {
            b.scrapeInterval(m.duration("scrapeInterval"));
        }
        if (m.has("evaluationInterval")) {
            b.evaluationInterval(m.duration("evaluationInterval"));
        }
        if (m.has("retention")) {
            b.retention(m.duration("retention"));
        }
        if (m.has("storage")) {
            YamlMap s = m.map("storage").allow("type", "sizeGiB");
            StorageType type = s.has("type") ? s.enumValue("type", StorageType.class) : StorageType.EBS;
            int size = s.has("sizeGiB") ? s.integer("sizeGiB", Limits.STORAGE_SIZE_GIB) : 100;
            b.storage(s.build(() -> new Storage(type, size)));
        }
        if (m.has("configStore")) {
            b.configStore(m.enumValue("configStore", ConfigStore.class));
        }
        if (m.has("replicaLabel")) {
            b.replicaLabel(m.string("replicaLabel"));
        }
        if (m.has("dropReplicaLabelOnAlerts")) {
            b.dropReplicaLabelOnAlerts(m.bool("dropReplicaLabelOnAlerts"));
        }
        if (m.has("federation")) {
            YamlMap f = m.map("federation").allow("mode", "match");
            FederationMode mode = f.has("mode") ? f.enumValue("mode", FederationMode.class) : FederationMode.NONE;
            List<String> match = f.has("match") ? f.strings("match") : Federation.DEFAULT_MATCH;
            b.federation(f.build(() -> new Federation(mode, match)));
        }
        if (m.has("alertmanagers")) {
            b.alertmanagers(m.enumValue("alertmanagers", AlertmanagerRouting.class));
        }
        if (m.has("scrapeJobs")) {
            List<ScrapeJob> jobs = new ArrayList<>();
            for (YamlMap j : m.maps("scrapeJobs")) {
                jobs.add(readScrapeJob(j));
            }
            b.scrapeJobs(jobs);
        }
        return m.build(b::build);
    }

    private ScrapeJob readScrapeJob(YamlMap m) throws TopologyLoadException {
        m.allow("name", "metricsPath", "ec2Discovery", "staticTargets").require("name", "node");
        String name = m.string("name");
        String path = m.has("metricsPath") ? m.string("metricsPath") : "/metrics";
        Ec2Discovery ec2 = null;
        if (m.has("ec2Discovery")) {
            YamlMap e = m.map("ec2Discovery").allow("tagKey", "tagValue", "port", "refreshInterval")
                    .require("tagKey", "monitoring").require("tagValue", "node").require("port", "9100");
            String key = e.string("tagKey");
            String value = e.string("tagValue");
            int port = e.integer("port", 1, 65_535);
            PromDuration refresh = e.has("refreshInterval") ? e.duration("refreshInterval") : PromDuration.parse("60s");
            ec2 = e.build(() -> new Ec2Discovery(key, value, port, refresh));
        }
        List<String> targets = m.has("staticTargets") ? m.strings("staticTargets") : List.of();
        Ec2Discovery discovery = ec2;
        return m.build(() -> new ScrapeJob(name, path, discovery, targets));
    }

    private Alertmanager readAlertmanager(YamlMap m) throws TopologyLoadException {
        m.allow("replicas", "instanceType", "cluster", "receivers", "route");
        Alertmanager.Builder b = Alertmanager.builder();
        if (m.has("replicas")) {
            b.replicas(m.integer("replicas", Limits.ALERTMANAGER_REPLICAS));
        }
        if (m.has("instanceType")) {
            b.instanceType(m.string("instanceType"));
        }
        if (m.has("cluster")) {
            b.cluster(m.bool("cluster"));
        }
        if (m.has("receivers")) {
            List<Receiver> receivers = new ArrayList<>();
            for (YamlMap r : m.maps("receivers")) {
                r.allow("name", "webhookUrl").require("name", "ops").require("webhookUrl", "https://hooks.example.com/ops");
                String name = r.string("name");
                String url = r.string("webhookUrl");
                receivers.add(r.build(() -> new Receiver(name, url)));
            }
            b.receivers(receivers);
        }
        if (m.has("route")) {
            YamlMap r = m.map("route").allow("groupBy", "groupWait", "groupInterval", "repeatInterval");
            Route d = Route.defaults();
            List<String> groupBy = r.has("groupBy") ? r.strings("groupBy") : d.groupBy();
            PromDuration wait = r.has("groupWait") ? r.duration("groupWait") : d.groupWait();
            PromDuration interval = r.has("groupInterval") ? r.duration("groupInterval") : d.groupInterval();
            PromDuration repeat = r.has("repeatInterval") ? r.duration("repeatInterval") : d.repeatInterval();
            b.route(r.build(() -> new Route(groupBy, wait, interval, repeat)));
        }
        return m.build(b::build);
    }

    private Grafana readGrafana(YamlMap m, String stackName) throws TopologyLoadException {
        m.allow("replicas", "instanceType", "database", "remoteCache", "alertingHa", "adminPassword");
        Grafana.Builder b = Grafana.builder();
        if (m.has("replicas")) {
            b.replicas(m.integer("replicas", Limits.GRAFANA_REPLICAS));
        }
        if (m.has("instanceType")) {
            b.instanceType(m.string("instanceType"));
        }
        if (m.has("database")) {
            YamlMap d = m.map("database").allow("engine", "password");
            DatabaseEngine engine = d.has("engine") ? d.enumValue("engine", DatabaseEngine.class) : DatabaseEngine.POSTGRES;
            Secret password = d.has("password") ? readSecret(d, "password") : null;
            b.database(d.build(() -> new Database(engine, password)));
        }
        if (m.has("remoteCache")) {
            b.remoteCache(m.enumValue("remoteCache", RemoteCache.class));
        }
        if (m.has("alertingHa")) {
            b.alertingHa(m.bool("alertingHa"));
        }
        if (m.has("adminPassword")) {
            b.adminPassword(readSecret(m, "adminPassword"));
        }
        return m.build(() -> b.build(stackName));
    }

    /** A secret is {@code { secretRef: "ssm:/…" }} or, as a finding, a literal string. */
    private Secret readSecret(YamlMap m, String key) throws TopologyLoadException {
        if (m.value(key) instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            String literal = m.string(key);
            return Secret.literal(literal);
        }
        YamlMap s = m.map(key).allow("secretRef").require("secretRef", "\"ssm:/obs/grafana/admin\"");
        String ref = s.string("secretRef");
        return s.build(() -> Secret.ref(ref));
    }

    private LoadBalancers readLoadBalancers(YamlMap m) throws TopologyLoadException {
        m.allow("public", "internal", "healthCheck", "failoverBudgetSeconds", "maxFailedRequests", "semantics");
        PublicLoadBalancer publicLb = new PublicLoadBalancer(false, null, List.of());
        if (m.has("public")) {
            YamlMap p = m.map("public").allow("enabled", "tls", "allowedCidrs");
            boolean enabled = !p.has("enabled") || p.bool("enabled");
            Tls tls = null;
            if (p.has("tls")) {
                YamlMap t = p.map("tls").allow("certificateArn", "minVersion")
                        .require("certificateArn", "\"arn:aws:acm:us-east-1:123456789012:certificate/…\"");
                String arn = t.string("certificateArn");
                TlsVersion min = t.has("minVersion") ? t.enumValue("minVersion", TlsVersion.class) : TlsVersion.TLS1_2;
                tls = t.build(() -> new Tls(arn, min));
            }
            List<Cidr> allowed = p.has("allowedCidrs") ? p.cidrs("allowedCidrs") : List.of(Cidr.parse("0.0.0.0/0"));
            Tls finalTls = tls;
            publicLb = p.build(() -> new PublicLoadBalancer(enabled, finalTls, allowed));
        }
        boolean internal = true;
        if (m.has("internal")) {
            YamlMap i = m.map("internal").allow("enabled");
            internal = !i.has("enabled") || i.bool("enabled");
        }
        HealthCheck hc = HealthCheck.defaults();
        if (m.has("healthCheck")) {
            YamlMap h = m.map("healthCheck").allow("intervalSeconds", "timeoutSeconds", "healthyThreshold",
                    "unhealthyThreshold", "deregistrationDelaySeconds");
            HealthCheck d = HealthCheck.defaults();
            int interval = h.has("intervalSeconds") ? h.integer("intervalSeconds", Limits.HEALTH_CHECK_INTERVAL_SECONDS)
                    : d.intervalSeconds();
            int timeout = h.has("timeoutSeconds") ? h.integer("timeoutSeconds", Limits.HEALTH_CHECK_TIMEOUT_SECONDS)
                    : d.timeoutSeconds();
            int healthy = h.has("healthyThreshold") ? h.integer("healthyThreshold", Limits.HEALTH_CHECK_THRESHOLD)
                    : d.healthyThreshold();
            int unhealthy = h.has("unhealthyThreshold") ? h.integer("unhealthyThreshold", Limits.HEALTH_CHECK_THRESHOLD)
                    : d.unhealthyThreshold();
            int dereg = h.has("deregistrationDelaySeconds")
                    ? h.integer("deregistrationDelaySeconds", Limits.DEREGISTRATION_DELAY_SECONDS)
                    : d.deregistrationDelaySeconds();
            hc = h.build(() -> new HealthCheck(interval, timeout, healthy, unhealthy, dereg));
        }
        int budget = m.has("failoverBudgetSeconds") ? m.integer("failoverBudgetSeconds", Limits.FAILOVER_BUDGET_SECONDS)
                : 60;
        Integer maxFailed = m.has("maxFailedRequests") ? m.integer("maxFailedRequests", Limits.MAX_FAILED_REQUESTS) : null;
        BalancerSemantics semantics = m.has("semantics") ? m.enumValue("semantics", BalancerSemantics.class)
                : BalancerSemantics.ALB;
        PublicLoadBalancer finalPublic = publicLb;
        boolean finalInternal = internal;
        HealthCheck finalHc = hc;
        return m.build(() -> new LoadBalancers(finalPublic, finalInternal, finalHc, budget, maxFailed, semantics));
    }

    private Security readSecurity(YamlMap m) throws TopologyLoadException {
        m.allow("imdsV2", "sshFromCidrs", "exporterAllowedCidrs");
        boolean imds = !m.has("imdsV2") || m.bool("imdsV2");
        List<Cidr> ssh = m.has("sshFromCidrs") ? m.cidrs("sshFromCidrs") : List.of();
        List<Cidr> exporters = m.has("exporterAllowedCidrs") ? m.cidrs("exporterAllowedCidrs") : List.of();
        return m.build(() -> new Security(imds, ssh, exporters));
    }

}
