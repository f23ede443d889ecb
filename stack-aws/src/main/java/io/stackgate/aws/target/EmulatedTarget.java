package io.stackgate.aws.target;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.deploy.Deployment;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.aws.target.internal.EmulatedBalancer;
import io.stackgate.aws.target.internal.EmulatedNodes;
import io.stackgate.aws.target.internal.EmulatorState;
import io.stackgate.aws.target.internal.InstanceAgent;
import io.stackgate.aws.target.internal.MotoGaps;
import io.stackgate.aws.target.internal.NodeCommands;
import io.stackgate.aws.target.internal.SharedConfigStore;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Deployment.Aws;
import io.stackgate.model.render.Deployment.Emulation;
import io.stackgate.model.render.Deployment.Tempo;
import io.stackgate.model.render.Renderer;
import io.stackgate.runtime.ExitHook;
import io.stackgate.verify.api.AlertmanagerApi;
import io.stackgate.verify.api.Http;
import io.stackgate.verify.local.internal.Harness;
import io.stackgate.runtime.Binaries;
import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.ConfigPush;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.GrafanaLogin;
import io.stackgate.verify.target.LinkFaults;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetStartException;
import io.stackgate.verify.target.ZoneFaults;
import io.stackgate.verify.wait.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The {@code emulated} target, the AWS rehearsal: one moto server for the run, the topology deployed into it
 * through the SDK ({@link Deployer}: what terraform/'s root module declares, the VPC in 127.0.0.0/8), and
 * every running instance of a stack group backed by the real binary on its private IP by the
 * {@link InstanceAgent}. Prometheus discovers its targets and Alertmanagers with the generated
 * {@code ec2_sd_configs} pointed at moto; application hosts for the EC2-discovered jobs are instances launched
 * through the API; an ALB-faithful HAProxy follows the target groups' registered targets; an in-process
 * harness receives every notification (receivers are rewritten to it, as locally).
 *
 * <p>Where moto falls short of AWS the target fills the gap through the API, in one place ({@code MotoGaps}),
 * and says so: {@link AwsStack#gapsFilled()}, the figures {@code emulator_gaps_filled} and
 * {@code emulator_gap_<kind>} and the checks' evidence. Everything it started (moto, processes, HAProxy, the
 * harness) stops on {@link #close()}, on JVM exit and on SIGTERM, and its working directory is deleted.
 *
 * <p>Why one file over 300 lines: the boot sequence (moto, deploy, agent, balancer, application hosts,
 * readiness) and the close that undoes it on every path are one lifecycle, read top to bottom; the two
 * capability classes at the end are its AWS view.
 */
public final class EmulatedTarget implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedTarget.class);
    static final List<String> REQUIRED = List.of("prometheus", "prometheus-alertmanager", "prometheus-node-exporter",
            "haproxy");
    /** How often every EC2 discovery re-reads the emulator (60 s in the generated config for AWS). */
    public static final int DISCOVERY_REFRESH_SECONDS = 2;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Topology topology;
    private final Path workDir;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private volatile ExitHook exitHook;
    private MotoServer moto;
    private AwsClients aws;
    private Harness harness;
    private StackNames names;
    private Bundle bundle;
    private MotoGaps gaps;
    private EmulatedBalancer balancer;
    private InstanceAgent agent;
    private EmulatedNodes nodes;
    private Capabilities capabilities;
    private String vpcId;
    private String image;
    private List<String> privateSubnets = List.of();
    private volatile boolean closed;

    private EmulatedTarget(Topology topology, Path workDir) {
        this.topology = topology;
        this.workDir = workDir;
    }

    /**
     * Starts moto, deploys {@code topology}, boots every instance and waits until the stack is ready.
     *
     * @throws io.stackgate.runtime.MissingBinaryException when a program the nodes need is not installed
     * @throws io.stackgate.aws.emulator.EmulatorException when moto is not installed or does not start
     * @throws TargetStartException when the deploy or a node fails; everything started is stopped first
     */
    public static EmulatedTarget start(Topology topology, Binaries binaries) {
        REQUIRED.forEach(binaries::require);
        if (topology.query().enabled()) {
            binaries.require("thanos");
        }
        Path work;
        try {
            work = Files.createTempDirectory("stackgate-emulated-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the emulated target's working directory", e);
        }
        EmulatedTarget t = new EmulatedTarget(topology, work);
        t.exitHook = ExitHook.register("stackgate-emulated-close", t::close);
        try {
            t.boot(binaries);
            return t;
        } catch (RuntimeException e) {
            t.close();
            if (e instanceof TargetStartException || e instanceof io.stackgate.aws.emulator.EmulatorException) {
                throw e;
            }
            throw new TargetStartException("the emulated stack did not come up: " + e.getMessage(), e);
        }
    }

    private void boot(Binaries binaries) {
        long t0 = System.nanoTime();
        moto = MotoServer.start();
        aws = AwsClients.of(AwsConnection.emulator(topology.region(), moto.endpoint()));
        try {
            harness = Harness.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook harness", e);
        }
        long d0 = System.nanoTime();
        // DescribeImages is one of moto's slowest calls (seconds on a busy machine): read the AMI once
        image = EmulatorImages.linuxImage(aws.ec2());
        Deployment deployment = new Deployer(aws).deploy(topology, new DeployOptions(image));
        figures.put("emulated_deploy_s", (System.nanoTime() - d0) / 1e9);
        figures.put("emulated_deploy_resources", (double) deployment.resources().size());
        names = StackNames.of(topology, aws.accountId());
        vpcId = deployment.ids("module.networking.aws_vpc.this").get(0);
        privateSubnets = aws.ec2().describeSubnets(r -> r.filters(
                software.amazon.awssdk.services.ec2.model.Filter.builder().name("vpc-id").values(vpcId).build(),
                software.amazon.awssdk.services.ec2.model.Filter.builder().name("tag:Tier").values("private").build()))
                .subnets().stream().sorted(Comparator.comparing(s -> s.availabilityZone()))
                .map(s -> s.subnetId()).toList();
        String efsId = deployment.ids("module.storage.aws_efs_file_system.config").get(0);

        Emulation emulation = new Emulation(moto.endpoint().toString(), "stackgate", "stackgate",
                DISCOVERY_REFRESH_SECONDS, Tempo.fast(), harness.webhookUrl(), "127.0.0.1:" + harness.port());
        int slots = Tier.of(topology).stream().mapToInt(x -> x.replicas(topology)).max().orElse(2) + 3;
        balancer = new EmulatedBalancer(topology, emulation, workDir.resolve("balancer"),
                binaries.require("haproxy").toString(), slots, n -> Optional.empty());
        SharedConfigStore store = new SharedConfigStore(topology.prometheus().configStore(),
                workDir.resolve("efs").resolve(efsId), aws, names.configBucket());
        Aws rendered = Aws.emulated(store.efsConfigDir().toString(), balancer.datasource().toString(), emulation);
        bundle = new Renderer().render(topology, rendered);
        store.publish(bundle);

        gaps = new MotoGaps(aws);
        NodeCommands commands = new NodeCommands(topology, rendered, binaries);
        agent = new InstanceAgent(topology, aws, names, vpcId, gaps, commands, store, balancer, workDir);
        nodes = new EmulatedNodes(topology, agent, commands, balancer.statsPage());
        balancer.instances(nodes::instanceOf);
        String tg = EmulatorState.read(aws, topology, names, vpcId).groups().get(Tier.PROMETHEUS).targetGroupArns().get(0);
        balancer.start(InstanceAgent.healthSettings(aws, tg));
        launchAppHosts();
        long b0 = System.nanoTime();
        agent.start();
        awaitReady();
        figures.put("emulated_boot_s", (System.nanoTime() - b0) / 1e9);
        figures.put("time_to_ready_s", (System.nanoTime() - t0) / 1e9);

        AwsStack stack = new Stack();
        capabilities = Capabilities.of("emulated")
                .with(Nodes.class, nodes)
                .with(ProcessFaults.class, nodes)
                .with(Balancer.class, balancer)
                .with(ConfigPush.class, store)
                .with(AlertSink.class, harness)
                .with(ControlPlane.class, new AwsControlPlane(topology, aws, nodes::instanceOf))
                .with(AwsStack.class, stack)
                .with(AwsApi.class, stack)
                .with(AppHosts.class, new Hosts())
                .without(GrafanaLogin.class, "the emulated Grafana instances get generated admin passwords; no "
                        + "Grafana binary runs here to log in to")
                .without(ZoneFaults.class, "on the emulated target an AZ goes down through the AWS API (the az-stop "
                        + "check, ControlPlane.stopZone); network namespaces are the local target's")
                .without(LinkFaults.class, "Toxiproxy links are the local target's; the emulated nodes bind the "
                        + "instances' own addresses");
        LOG.info("emulated target of {} ready in {} s (moto {}, {})", topology.name(), figures.get("time_to_ready_s"),
                moto.endpoint(), workDir);
    }

    /** One application host per AZ for every EC2-discovered scrape job, launched through RunInstances. */
    private void launchAppHosts() {
        for (ScrapeJob job : topology.prometheus().scrapeJobs()) {
            if (job.ec2Discovery() == null) {
                continue;
            }
            for (int i = 0; i < privateSubnets.size(); i++) {
                launchAppHost(job, privateSubnets.get(i));
            }
        }
    }

    private String launchAppHost(ScrapeJob job, String subnet) {
        List<Tag> tags = List.of(Tag.builder().key("Name").value(topology.name() + "-app-" + job.name()).build(),
                Tag.builder().key(job.ec2Discovery().tagKey()).value(job.ec2Discovery().tagValue()).build());
        String id = aws.ec2().runInstances(r -> r.minCount(1).maxCount(1).subnetId(subnet).imageId(image)
                .instanceType("t3.micro")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0).instanceId();
        if (gaps != null) {
            gaps.ours(id);
        }
        return id;
    }

    /** Every instance up and answering, the Alertmanager cluster settled, every registered target healthy. */
    private void awaitReady() {
        try {
            Wait.until("every emulated node of " + topology.name() + " ready", READY_TIMEOUT).polling(Duration.ofMillis(100))
                    .on(this::notReady, String::isEmpty);
        } catch (Wait.WaitTimeoutException e) {
            throw new TargetStartException(e.getMessage() + (agent.lastError().isEmpty() ? ""
                    : "; the instance agent's last error: " + agent.lastError()) + "\n" + logTails(), e);
        }
    }

    /** What is not ready yet, or empty. */
    private String notReady() {
        List<String> out = new ArrayList<>();
        EmulatorState s = agent.state();
        for (Tier tier : Tier.of(topology)) {
            io.stackgate.verify.target.Tier vt = io.stackgate.verify.target.Tier.valueOf(tier.name());
            if (nodes.unavailable(vt).isPresent()) {
                continue;
            }
            List<Node> ns = nodes.nodes(vt);
            int desired = s.groups().containsKey(tier) ? s.groups().get(tier).serving().size() : 0;
            if (ns.size() < desired) {
                out.add(tier.id() + ": " + ns.size() + " of " + desired + " nodes");
            }
            for (Node n : ns) {
                String path = tier == Tier.GRAFANA ? "/api/health" : "/-/ready";
                if (!Http.get(n.resolve(path), Duration.ofSeconds(1)).ok()) {
                    out.add(n.id() + " " + n.resolve(path) + " not answering");
                }
                if ((tier == Tier.PROMETHEUS || tier == Tier.QUERY) && !balancer.inService(n)) {
                    out.add(n.id() + " not healthy on the balancer");
                }
            }
        }
        List<Node> ams = nodes.nodes(io.stackgate.verify.target.Tier.ALERTMANAGER);
        if (topology.alertmanager().cluster() && ams.size() > 1) {
            for (Node n : ams) {
                String status = AlertmanagerApi.of(n).clusterStatus();
                if (!("ready/" + ams.size()).equals(status)) {
                    out.add(n.id() + " cluster " + status);
                }
            }
        }
        for (Node n : nodes.nodes(io.stackgate.verify.target.Tier.EXPORTER)) {
            if (!Http.get(n.resolve("/metrics"), Duration.ofSeconds(1)).ok()) {
                out.add(n.id() + " not answering /metrics");
            }
        }
        if (nodes.nodes(io.stackgate.verify.target.Tier.EXPORTER).isEmpty()
                && topology.prometheus().scrapeJobs().stream().anyMatch(j -> j.ec2Discovery() != null)) {
            out.add("no application host yet");
        }
        return String.join("; ", out);
    }

    private String logTails() {
        StringBuilder sb = new StringBuilder();
        if (agent != null) {
            agent.hosts().forEach((id, h) -> sb.append(h.logTail(8)));
        }
        return sb.toString();
    }

    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public Topology topology() {
        return topology;
    }

    /** The bundle the emulated nodes read (the AWS bundle with discovery pointed at moto). */
    @Override
    public Bundle bundle() {
        return bundle;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /** The moto server's endpoint: {@code --endpoint} of {@code inspect} and the {@code live} target. */
    public URI endpoint() {
        return moto.endpoint();
    }

    public Path workDir() {
        return workDir;
    }

    /** The gaps filled so far; see {@link AwsStack#gapsFilled()}. */
    public List<EmulatorGap> gapsFilled() {
        return gaps == null ? List.of() : gaps.filled();
    }

    /** The instance agent's latest view: instance id → tier@ip of everything it runs. */
    public Map<String, String> running() {
        return agent == null ? Map.of() : agent.describe();
    }

    /** Runs one reconciliation of the instance agent now (tests, and after API actions that must show at once). */
    public void reconcile() {
        agent.tick();
    }

    @Override
    public Map<String, Double> figures() {
        Map<String, Double> out = new LinkedHashMap<>(figures);
        List<EmulatorGap> filled = gapsFilled();
        out.put("emulator_gaps_filled", (double) filled.size());
        Map<String, Double> byKind = new TreeMap<>();
        filled.forEach(g -> byKind.merge("emulator_gap_" + g.gap().replace('-', '_'), 1.0, Double::sum));
        out.putAll(byKind);
        return out;
    }

    /** Stops the agent and every process, HAProxy, the harness and moto; deletes the working directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exitHook != null) {
            exitHook.cancel();
        }
        for (AutoCloseable c : new AutoCloseable[] {agent, balancer, harness, aws, moto}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("stopping {}: {}", c, e.toString());
                }
            }
        }
        try {
            Wait.until("the working directory " + workDir + " removed", Duration.ofSeconds(5))
                    .polling(Duration.ofMillis(100)).on(this::deleteWorkDir, gone -> gone);
        } catch (Wait.WaitTimeoutException e) {
            LOG.warn("could not delete {}: {}", workDir, e.getMessage());
        }
    }

    private boolean deleteWorkDir() {
        if (!Files.exists(workDir)) {
            return true;
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("deleting {}: {}", workDir, e.getMessage());
        }
        return !Files.exists(workDir);
    }

    /** The AWS side of this target, for the AWS checks. */
    private final class Stack implements AwsStack {
        @Override
        public AwsClients aws() {
            return aws;
        }

        @Override
        public StackNames names() {
            return names;
        }

        @Override
        public Optional<String> instanceId(Node node) {
            return nodes.instanceOf(node);
        }

        @Override
        public Optional<String> zoneOf(Node node) {
            return nodes.zoneOf(node);
        }

        @Override
        public List<EmulatorGap> gapsFilled() {
            return gaps.filled();
        }

        @Override
        public List<String> gapsNotFilled() {
            return List.of(
                    "DescribeTargetHealth is synthetic (instance state): target health here is the emulated balancer's "
                            + "own health checks, never moto's answer",
                    "a launch template's HttpTokens=required is not applied to instances (they report optional): "
                            + "inspect reads IMDSv2 from the launch template",
                    "moto serves a fixed IMDS that enforces nothing: the nodes take their replica label from the "
                            + "instance id DescribeInstances gives, not from IMDS",
                    "a stopped instance makes the Auto Scaling group do nothing (AWS would replace it after its health "
                            + "check): az-stop's rollback starts the instances again",
                    "instances boot at once: AWS's boot and bootstrap time (minutes) is not part of any figure");
        }
    }

    /** Application hosts through the EC2 API. */
    private final class Hosts implements AppHosts {
        @Override
        public String launch(String job) {
            ScrapeJob j = topology.prometheus().scrapeJobs().stream().filter(x -> x.name().equals(job)
                    && x.ec2Discovery() != null).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no EC2-discovered scrape job " + job + "; the "
                            + "topology's are " + jobs()));
            String id = launchAppHost(j, privateSubnets.get(0));
            agent.tick();
            Wait.until("application host " + id + " of job " + job + " answering", Duration.ofSeconds(15))
                    .polling(Duration.ofMillis(100)).on(() -> running(job).get(id), a -> a != null
                            && Http.get(URI.create("http://" + a + "/metrics"), Duration.ofSeconds(1)).ok());
            return id;
        }

        @Override
        public void terminate(String instanceId) {
            aws.ec2().terminateInstances(r -> r.instanceIds(instanceId));
            agent.tick();
        }

        @Override
        public Map<String, String> running(String job) {
            Map<String, String> out = new TreeMap<>();
            EmulatorState s = agent.state();
            ScrapeJob j = topology.prometheus().scrapeJobs().stream().filter(x -> x.name().equals(job)).findFirst()
                    .orElse(null);
            if (s == null || j == null || j.ec2Discovery() == null) {
                return out;
            }
            for (EmulatorState.Instance i : s.instances().values()) {
                if (i.running() && agent.appJob(i).filter(x -> x.name().equals(job)).isPresent()
                        && agent.host(i.id()).map(h -> h.running()).orElse(false)) {
                    out.put(i.id(), i.privateIp() + ":" + j.ec2Discovery().port());
                }
            }
            return out;
        }

        @Override
        public List<String> jobs() {
            return topology.prometheus().scrapeJobs().stream().filter(x -> x.ec2Discovery() != null)
                    .map(ScrapeJob::name).toList();
        }
    }
}
