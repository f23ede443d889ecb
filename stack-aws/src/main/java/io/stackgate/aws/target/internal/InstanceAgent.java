package io.stackgate.aws.target.internal;

import io.stackgate.aws.AwsClients;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.model.ScrapeJob;
import io.stackgate.model.Topology;
import io.stackgate.model.render.ThanosFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance agent of the emulated target: it watches the emulator (DescribeInstances, DescribeAutoScalingGroups,
 * DescribeTargetHealth every {@link #POLL}) and makes what runs on this machine follow it, as EC2 and the
 * bootstrap would:
 * <ul>
 *   <li>a running instance of a stack group gets its tier's processes bound to its private IP, started the
 *       way the bootstrap starts them (shared config from EFS / S3, replica label = instance id);</li>
 *   <li>a running instance tagged for an EC2-discovered scrape job (an application host) gets a node exporter;</li>
 *   <li>stopped → SIGTERM, disk kept; started again → the same disk; terminated → processes killed, disk deleted;</li>
 *   <li>the query instances' endpoints file lists the running Prometheus instances (the Ansible refresh's job);</li>
 *   <li>the balancer follows each target group's registered targets and health-check settings.</li>
 * </ul>
 * Before acting on a reading it lets {@link MotoGaps} fill moto's gaps (through the API, recorded).
 *
 * <p>Why one file over 300 lines: one reconciliation loop: read the emulator, fill its gaps, then start,
 * stop or kill what runs here; the steps depend on each other's reading of the same tick.
 */
public final class InstanceAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceAgent.class);
    public static final Duration POLL = Duration.ofMillis(250);
    /** Target group health-check settings are read every this many ticks. */
    private static final int SETTINGS_EVERY = 8;

    private final Topology topology;
    private final AwsClients aws;
    private final StackNames names;
    private final String vpcId;
    private final MotoGaps gaps;
    private final NodeCommands commands;
    private final SharedConfigStore config;
    private final EmulatedBalancer balancer;
    private final Path disks;
    private final Path logs;
    private final Map<String, InstanceHost> hosts = new HashMap<>();
    private final Map<String, String> endpointsWritten = new HashMap<>();
    private final AtomicReference<EmulatorState> last = new AtomicReference<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>("");
    private volatile boolean stopped;
    private Thread thread;

    public InstanceAgent(Topology topology, AwsClients aws, StackNames names, String vpcId, MotoGaps gaps,
            NodeCommands commands, SharedConfigStore config, EmulatedBalancer balancer, Path workDir) {
        this.topology = topology;
        this.aws = aws;
        this.names = names;
        this.vpcId = vpcId;
        this.gaps = gaps;
        this.commands = commands;
        this.config = config;
        this.balancer = balancer;
        this.disks = workDir.resolve("disks");
        this.logs = workDir.resolve("logs");
    }

    /** Runs one reconciliation now, then keeps watching in the background. */
    public void start() {
        EmulatorState first = EmulatorState.read(aws, topology, names, vpcId);
        gaps.baseline(first);
        tick();
        thread = new Thread(this::loop, "stackgate-instance-agent");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(POLL.toMillis());
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopped) {
                    lastError.set(e.toString());
                    LOG.warn("instance agent: {}", e.toString());
                }
            }
        }
    }

    /** One reconciliation: read, fill moto's gaps, follow with processes, balancer and endpoints files. */
    public synchronized void tick() {
        if (stopped) {
            return;
        }
        EmulatorState s = EmulatorState.read(aws, topology, names, vpcId);
        if (gaps.fill(s)) {
            s = EmulatorState.read(aws, topology, names, vpcId);
        }
        hosts(s);
        balancer(s);
        queryEndpoints(s);
        last.set(s);
        ticks.incrementAndGet();
    }

    /** The latest reading (after {@link #start}). */
    public EmulatorState state() {
        return last.get();
    }

    public long ticks() {
        return ticks.get();
    }

    /** The last error a background tick hit (empty when none). */
    public String lastError() {
        return lastError.get();
    }

    /** What runs on {@code instanceId}, if it is an emulated node or application host. */
    public synchronized Optional<InstanceHost> host(String instanceId) {
        return Optional.ofNullable(hosts.get(instanceId));
    }

    /** Every host, by instance id. */
    public synchronized Map<String, InstanceHost> hosts() {
        return Map.copyOf(hosts);
    }

    /** The scrape job whose EC2 tag {@code i} carries, if it is an application host. */
    public Optional<ScrapeJob> appJob(EmulatorState.Instance i) {
        if (i.tags().containsKey("Stack") && i.tags().containsKey("Tier")) {
            return Optional.empty();
        }
        return topology.prometheus().scrapeJobs().stream().filter(j -> j.ec2Discovery() != null)
                .filter(j -> j.ec2Discovery().tagValue().equals(i.tags().get(j.ec2Discovery().tagKey()))).findFirst();
    }

    private void hosts(EmulatorState s) {
        List<String> amPeers = s.up(Tier.ALERTMANAGER).stream().map(EmulatorState.Instance::privateIp).sorted().toList();
        for (EmulatorState.Instance i : s.instances().values()) {
            Optional<Tier> tier = s.groups().values().stream().filter(g -> g.members().containsKey(i.id()))
                    .map(EmulatorState.Group::tier).findFirst()
                    .or(() -> names.stack().equals(i.tags().get("Stack")) ? Tier.byId(i.tags().getOrDefault("Tier", ""))
                            : Optional.empty());
            Optional<ScrapeJob> job = tier.isPresent() ? Optional.empty() : appJob(i);
            if (tier.isEmpty() && job.isEmpty()) {
                continue;
            }
            InstanceHost host = hosts.get(i.id());
            if (i.gone()) {
                if (host != null) {
                    host.destroy();
                    hosts.remove(i.id());
                    endpointsWritten.remove(i.id());
                    LOG.info("{} terminated: processes killed, disk deleted", i.id());
                }
                continue;
            }
            if (gaps.moving(i.id())) {
                continue;
            }
            if (i.stopped()) {
                if (host != null && !host.processes().isEmpty()) {
                    host.shutdown();
                    LOG.info("{} stopped: processes stopped, disk kept", i.id());
                }
                continue;
            }
            if (!i.running() || i.privateIp().isEmpty()) {
                continue;
            }
            if (tier.isPresent() && commands.unavailable(tier.get()).isPresent()) {
                continue;
            }
            if (host == null) {
                host = new InstanceHost(i.id(), i.privateIp(), disks.resolve(i.id()), logs);
                hosts.put(i.id(), host);
            }
            if (host.processes().isEmpty() && !host.faulted()) {
                boot(host, tier, job, amPeers);
            }
        }
    }

    private void boot(InstanceHost host, Optional<Tier> tier, Optional<ScrapeJob> job, List<String> amPeers) {
        if (tier.isPresent()) {
            Path configDir = config.configFor(host.disk());
            if (tier.get() == Tier.QUERY) {
                writeEndpoints(host, prometheusEndpoints(state() == null ? null : state()));
            }
            host.boot(commands.tier(tier.get(), host.instanceId(), host.ip(), host.disk(), configDir, amPeers));
        } else {
            host.boot(List.of(commands.appHost(job.orElseThrow(), host.ip())));
        }
        LOG.info("{} running: started {} on {}", host.instanceId(), tier.map(Tier::id).orElse("an application host"),
                host.ip());
    }

    /** Boots {@code instanceId} again with an empty disk (a process fault's replace). */
    public synchronized void reimage(String instanceId) {
        InstanceHost host = hosts.get(instanceId);
        EmulatorState s = state();
        if (host == null || s == null) {
            throw new IllegalArgumentException("no emulated instance " + instanceId);
        }
        host.destroy();
        // the wiped disk lost query's endpoints file: write it again on boot
        endpointsWritten.remove(instanceId);
        EmulatorState.Instance i = s.instances().get(instanceId);
        Optional<Tier> tier = s.tierOf(instanceId);
        List<String> amPeers = s.up(Tier.ALERTMANAGER).stream().map(EmulatorState.Instance::privateIp).sorted().toList();
        boot(host, tier, tier.isPresent() ? Optional.empty() : appJob(i), amPeers);
    }

    private void balancer(EmulatorState s) {
        if (ticks.get() % SETTINGS_EVERY == 0) {
            followHealthChecks(s);
        }
        for (EmulatorState.Group g : s.groups().values()) {
            if (g.targetGroupArns().isEmpty() || g.tier() == Tier.ALERTMANAGER) {
                continue;
            }
            java.util.Set<String> registered = new java.util.TreeSet<>();
            g.targetGroupArns().forEach(tg -> registered.addAll(s.registered(tg)));
            for (String id : registered) {
                EmulatorState.Instance i = s.instances().get(id);
                if (i != null && !i.privateIp().isEmpty()) {
                    balancer.register(g.tier(), id, i.privateIp() + ":" + NodeCommands.port(g.tier()));
                }
            }
            for (String id : balancer.registered(g.tier())) {
                if (!registered.contains(id)) {
                    balancer.deregister(g.tier(), id);
                }
            }
        }
    }

    private void followHealthChecks(EmulatorState s) {
        EmulatorState.Group prom = s.groups().get(Tier.PROMETHEUS);
        if (prom == null || prom.targetGroupArns().isEmpty()) {
            return;
        }
        String tg = prom.targetGroupArns().get(0);
        balancer.follow(healthSettings(aws, tg));
    }

    /** A target group's health check and deregistration delay as the API shows them. */
    public static EmulatedBalancer.HealthSettings healthSettings(AwsClients aws, String targetGroupArn) {
        var t = aws.elb().describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().get(0);
        int delay = aws.elb().describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn)).attributes().stream()
                .filter(a -> a.key().equals("deregistration_delay.timeout_seconds")).map(a -> Integer.parseInt(a.value()))
                .findFirst().orElse(300);
        return new EmulatedBalancer.HealthSettings(t.healthCheckIntervalSeconds(), t.healthCheckTimeoutSeconds(),
                t.healthyThresholdCount(), t.unhealthyThresholdCount(), delay);
    }

    private List<String> prometheusEndpoints(EmulatorState s) {
        if (s == null) {
            return List.of();
        }
        return s.up(Tier.PROMETHEUS).stream().filter(EmulatorState.Instance::running)
                .map(i -> i.privateIp() + ":" + ThanosFlags.GRPC_PORT).sorted().toList();
    }

    private void queryEndpoints(EmulatorState s) {
        if (!topology.query().enabled()) {
            return;
        }
        List<String> endpoints = prometheusEndpoints(s);
        for (EmulatorState.Instance q : s.up(Tier.QUERY)) {
            InstanceHost host = hosts.get(q.id());
            if (host != null) {
                writeEndpoints(host, endpoints);
            }
        }
    }

    private void writeEndpoints(InstanceHost host, List<String> endpoints) {
        String yaml = ThanosFlags.endpointsYaml(topology, endpoints);
        if (yaml.equals(endpointsWritten.get(host.instanceId()))) {
            return;
        }
        Path file = host.disk().resolve(NodeCommands.QUERY_ENDPOINTS);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".endpoints", ".yml");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            endpointsWritten.put(host.instanceId(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write query's endpoints file " + file, e);
        }
    }

    /** Stops watching and kills every process this agent started, deleting their disks. */
    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<InstanceHost> all;
        synchronized (this) {
            all = new ArrayList<>(hosts.values());
            hosts.clear();
        }
        all.parallelStream().forEach(h -> h.processes().forEach(p -> p.stop(Duration.ofMillis(500))));
    }

    /** Instance id → tier name of every host, for messages. */
    public synchronized Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        EmulatorState s = state();
        hosts.forEach((id, h) -> out.put(id, (s == null ? Optional.<Tier>empty() : s.tierOf(id)).map(Tier::id)
                .orElse("app-host") + "@" + h.ip()));
        return out;
    }
}
