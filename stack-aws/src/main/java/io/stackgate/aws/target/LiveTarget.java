package io.stackgate.aws.target;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.discovery.StackDiscovery;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.aws.stack.Tier;
import io.stackgate.aws.target.internal.EmulatedBalancer;
import io.stackgate.aws.target.internal.InstanceAgent;
import io.stackgate.aws.target.internal.NodeCommands;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Deployment;
import io.stackgate.model.render.Renderer;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * The {@code live} target: a deployed stack in an AWS account (the SDK's default credential chain,
 * {@code region}, optional {@code endpoint}), found by its tags. No emulator, no agent, no deploy: the nodes
 * are the running instances of the stack's groups, reached by private IP ({@code via=private-ip}, run inside
 * the VPC) — with {@code via=load-balancer} only the balancers are reached, so there is no node view. Faults go
 * through the API ({@link AwsControlPlane}); target health is DescribeTargetHealth. Nothing here assumes moto:
 * in CI it runs against an emulated stack's endpoint.
 *
 * <p>Why one file over 300 lines: the target and its small capability classes (nodes, balancer view, control
 * plane) over one discovered stack; each capability is a page, and they read the same discovery.
 */
public final class LiveTarget implements Target {
    /** How nodes are reached. */
    public enum Via { PRIVATE_IP, LOAD_BALANCER }

    private final Topology topology;
    private final AwsClients aws;
    private final StackNames names;
    private final Via via;
    private final Capabilities capabilities;
    private final Bundle bundle;
    private final Map<String, Double> figures = new LinkedHashMap<>();

    private LiveTarget(Topology topology, AwsClients aws, StackNames names, Via via) {
        this.topology = topology;
        this.aws = aws;
        this.names = names;
        this.via = via;
        this.bundle = new Renderer().render(topology);
        LiveNodes nodes = new LiveNodes();
        AwsStack stack = new Stack(nodes);
        Capabilities c = Capabilities.of("live")
                .with(ControlPlane.class, new AwsControlPlane(topology, aws, nodes::instanceOf))
                .with(AwsStack.class, stack)
                .with(AwsApi.class, stack)
                .with(Balancer.class, new LiveBalancer(nodes))
                .without(ProcessFaults.class, "the live target has no hand on the instances' processes: faults go "
                        + "through the AWS API (terminate, stop an AZ, deregister)")
                .without(ConfigPush.class, "verify does not rewrite a live stack's shared config")
                .without(AlertSink.class, "a live stack's receivers are its own webhooks; verify sees no notification")
                .without(AppHosts.class, "verify does not launch instances in a real account")
                .without(GrafanaLogin.class, "the admin password of a live Grafana is in SSM; verify does not read it")
                .without(ZoneFaults.class, "network namespaces are the local target's; stop an AZ through the API instead")
                .without(LinkFaults.class, "Toxiproxy links are the local target's");
        this.capabilities = via == Via.PRIVATE_IP ? c.with(Nodes.class, nodes)
                : c.without(Nodes.class, "--via load-balancer reaches the load balancers only, not each node");
    }

    /**
     * Connects to the stack of {@code topology} in {@code region} (at {@code endpoint} when given).
     *
     * @throws TargetStartException when the API cannot be reached, the credentials are refused or no
     *     resource of the stack is found (the message says where it looked)
     */
    public static LiveTarget start(Topology topology, String region, Optional<URI> endpoint, Via via) {
        long t0 = System.nanoTime();
        AwsClients aws = AwsClients.of(AwsConnection.live(region, endpoint));
        try {
            StackNames names = new StackNames(topology.name(), aws.accountId(), region);
            if (new StackDiscovery(aws).discover(topology).isEmpty()) {
                throw new TargetStartException("no resource of stack " + topology.name() + " (tag Stack=" + topology.name()
                        + ") in " + region + " at " + aws.connection().describe() + "; check --region, --endpoint and "
                        + "the credentials' account", null);
            }
            LiveTarget t = new LiveTarget(topology, aws, names, via);
            t.figures.put("time_to_ready_s", (System.nanoTime() - t0) / 1e9);
            return t;
        } catch (SdkException e) {
            aws.close();
            throw new TargetStartException("cannot read stack " + topology.name() + " from " + aws.connection().describe()
                    + ": " + e.getMessage() + "; check --endpoint, --region and the credentials", e);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public Topology topology() {
        return topology;
    }

    /** The AWS bundle, as generate writes it (what the live nodes run). */
    @Override
    public Bundle bundle() {
        return bundle;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    public Via via() {
        return via;
    }

    @Override
    public Map<String, Double> figures() {
        return Map.copyOf(figures);
    }

    @Override
    public void close() {
        aws.close();
    }

    /** One running instance of a stack group. */
    private record Member(Tier tier, String id, String ip, String zone, java.time.Instant launched) {
    }

    private List<Member> members(Tier tier) {
        List<AutoScalingGroup> groups = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                names.asg(tier))).autoScalingGroups();
        List<String> ids = groups.stream().flatMap(g -> g.instances().stream())
                .filter(i -> !i.lifecycleStateAsString().startsWith("Terminat")).map(i -> i.instanceId()).toList();
        List<Member> out = new ArrayList<>();
        if (!ids.isEmpty()) {
            aws.ec2().describeInstances(r -> r.instanceIds(ids)).reservations().forEach(res -> res.instances().forEach(i -> {
                if ("running".equals(i.state().nameAsString()) && i.privateIpAddress() != null) {
                    out.add(new Member(tier, i.instanceId(), i.privateIpAddress(), i.placement().availabilityZone(),
                            i.launchTime()));
                }
            }));
        }
        out.sort(Comparator.comparing(Member::launched).thenComparing(Member::id));
        return out;
    }

    /** The running instances of the stack's groups, by private IP. */
    private final class LiveNodes implements Nodes {
        @Override
        public List<Node> nodes(io.stackgate.verify.target.Tier tier) {
            Optional<Tier> st = switch (tier) {
                case PROMETHEUS -> Optional.of(Tier.PROMETHEUS);
                case ALERTMANAGER -> Optional.of(Tier.ALERTMANAGER);
                case GRAFANA -> Optional.of(Tier.GRAFANA);
                case QUERY -> topology.query().enabled() ? Optional.of(Tier.QUERY) : Optional.empty();
                default -> Optional.empty();
            };
            if (st.isEmpty()) {
                return List.of();
            }
            List<Node> out = new ArrayList<>();
            List<Member> ms = members(st.get());
            for (int i = 0; i < ms.size(); i++) {
                out.add(new Node(tier, tier.prefix() + "-" + (i + 1), i,
                        URI.create("http://" + ms.get(i).ip() + ":" + NodeCommands.port(st.get()))));
            }
            return out;
        }

        @Override
        public Optional<String> unavailable(io.stackgate.verify.target.Tier tier) {
            return switch (tier) {
                case EXPORTER -> Optional.of("the live target does not know the application hosts' exporters as nodes");
                case GLOBAL_PROMETHEUS -> Optional.of("terraform/'s root module deploys no global federation layer");
                case LOAD_BALANCER -> Optional.of("the ALBs are not nodes");
                case QUERY -> topology.query().enabled() ? Optional.empty() : Optional.of("query.layer is none");
                default -> Optional.empty();
            };
        }

        @Override
        public String replicaOf(Node node) {
            return instanceOf(node).orElse("");
        }

        @Override
        public String logTail(Node node, int lines) {
            return "";
        }

        Optional<String> instanceOf(Node node) {
            return member(node).map(Member::id);
        }

        Optional<Member> member(Node node) {
            for (Tier t : Tier.of(topology)) {
                for (Member m : members(t)) {
                    if (m.ip().equals(node.url().getHost())) {
                        return Optional.of(m);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** The ALBs: the private DNS name Grafana uses, target health from DescribeTargetHealth. */
    private final class LiveBalancer implements Balancer {
        private final LiveNodes nodes;

        LiveBalancer(LiveNodes nodes) {
            this.nodes = nodes;
        }

        @Override
        public URI datasource() {
            return URI.create(Deployment.Aws.of(topology).datasourceUrl());
        }

        @Override
        public boolean inService(Node node) {
            Optional<Member> m = nodes.member(node);
            if (m.isEmpty()) {
                return false;
            }
            List<String> tgs = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(names.asg(m.get()
                    .tier()))).autoScalingGroups().stream().flatMap(g -> g.targetGroupARNs().stream()).toList();
            return tgs.stream().anyMatch(tg -> aws.elb().describeTargetHealth(r -> r.targetGroupArn(tg))
                    .targetHealthDescriptions().stream().anyMatch(h -> h.target().id().equals(m.get().id())
                            && "healthy".equals(h.targetHealth().stateAsString())));
        }

        private EmulatedBalancer.HealthSettings settings() {
            String tg = aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(names.asg(Tier.PROMETHEUS)))
                    .autoScalingGroups().get(0).targetGroupARNs().get(0);
            return InstanceAgent.healthSettings(aws, tg);
        }

        @Override
        public Duration checkWindow() {
            EmulatedBalancer.HealthSettings s = settings();
            return Duration.ofSeconds((long) s.intervalSeconds() * s.unhealthyThreshold());
        }

        @Override
        public Duration hungRequestBudget() {
            return Duration.ofSeconds(settings().timeoutSeconds() + 1L);
        }

        @Override
        public double realClockFactor() {
            return 1;
        }
    }

    private final class Stack implements AwsStack {
        private final LiveNodes nodes;

        Stack(LiveNodes nodes) {
            this.nodes = nodes;
        }

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
            return nodes.member(node).map(Member::zone);
        }

        @Override
        public List<EmulatorGap> gapsFilled() {
            return List.of();
        }

        @Override
        public List<String> gapsNotFilled() {
            return List.of();
        }
    }
}
