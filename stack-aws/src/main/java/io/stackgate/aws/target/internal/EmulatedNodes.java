package io.stackgate.aws.target.internal;

import io.stackgate.aws.stack.Tier;
import io.stackgate.model.Topology;
import io.stackgate.verify.api.Http;
import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.ProcessFaults;
import io.stackgate.verify.wait.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulated stack's nodes as checks see them: one node per instance of a stack group (pending, running or
 * stopped; a terminated one is gone), the application hosts as exporters, the balancer. A node keeps its id
 * ({@code prometheus-1}) for its slot in the tier: the group's replacement of a terminated instance takes the
 * freed id, at its own address.
 *
 * <p>Process faults act on an instance's processes, not on the instance: {@code kill} is a crash (SIGKILL of
 * every process, which stays down), {@code freeze} a hang, and {@code replace} re-images the instance in place
 * (same instance and address, empty disk). The Auto Scaling group's replacement, a new instance at a new
 * address, is the control plane's terminate (the {@code asg-replacement} check).
 */
public final class EmulatedNodes implements Nodes, ProcessFaults {
    private final Topology topology;
    private final InstanceAgent agent;
    private final NodeCommands commands;
    private final Node balancerNode;
    private final Map<io.stackgate.verify.target.Tier, Map<String, Integer>> slots =
            new EnumMap<>(io.stackgate.verify.target.Tier.class);

    public EmulatedNodes(Topology topology, InstanceAgent agent, NodeCommands commands, URI balancerStats) {
        this.topology = topology;
        this.agent = agent;
        this.commands = commands;
        this.balancerNode = new Node(io.stackgate.verify.target.Tier.LOAD_BALANCER, "haproxy-1", 0, balancerStats);
    }

    /** The stack tier behind a verify tier, if it is one. */
    static Optional<Tier> stackTier(io.stackgate.verify.target.Tier t) {
        return switch (t) {
            case PROMETHEUS -> Optional.of(Tier.PROMETHEUS);
            case ALERTMANAGER -> Optional.of(Tier.ALERTMANAGER);
            case GRAFANA -> Optional.of(Tier.GRAFANA);
            case QUERY -> Optional.of(Tier.QUERY);
            default -> Optional.empty();
        };
    }

    @Override
    public synchronized List<Node> nodes(io.stackgate.verify.target.Tier tier) {
        EmulatorState s = agent.state();
        if (s == null) {
            return List.of();
        }
        if (tier == io.stackgate.verify.target.Tier.LOAD_BALANCER) {
            return List.of(balancerNode);
        }
        if (unavailable(tier).isPresent()) {
            return List.of();
        }
        List<EmulatorState.Instance> members = new ArrayList<>();
        int port;
        if (tier == io.stackgate.verify.target.Tier.EXPORTER) {
            port = -1;
            for (EmulatorState.Instance i : s.instances().values()) {
                if (i.running() && agent.appJob(i).isPresent() && agent.host(i.id()).isPresent()) {
                    members.add(i);
                }
            }
        } else {
            Optional<Tier> st = stackTier(tier);
            if (st.isEmpty() || !s.groups().containsKey(st.get())) {
                return List.of();
            }
            port = NodeCommands.port(st.get());
            for (String id : s.groups().get(st.get()).serving()) {
                EmulatorState.Instance i = s.instances().get(id);
                if (i != null && !i.gone() && !i.privateIp().isEmpty()) {
                    members.add(i);
                }
            }
        }
        members.sort(Comparator.comparing(EmulatorState.Instance::launchTime).thenComparing(EmulatorState.Instance::id));
        Map<String, Integer> bySlot = slots.computeIfAbsent(tier, k -> new HashMap<>());
        bySlot.keySet().retainAll(members.stream().map(EmulatorState.Instance::id).toList());
        for (EmulatorState.Instance i : members) {
            if (!bySlot.containsKey(i.id())) {
                int free = 0;
                while (bySlot.containsValue(free)) {
                    free++;
                }
                bySlot.put(i.id(), free);
            }
        }
        List<Node> out = new ArrayList<>();
        for (EmulatorState.Instance i : members) {
            int slot = bySlot.get(i.id());
            int p = port > 0 ? port : agent.appJob(i).map(j -> j.ec2Discovery().port()).orElse(9100);
            out.add(new Node(tier, tier.prefix() + "-" + (slot + 1), slot, URI.create("http://" + i.privateIp() + ":" + p)));
        }
        out.sort(Comparator.comparingInt(Node::index));
        return List.copyOf(out);
    }

    @Override
    public Optional<String> unavailable(io.stackgate.verify.target.Tier tier) {
        return switch (tier) {
            case GRAFANA -> commands.unavailable(Tier.GRAFANA).map(r -> r + "; the Grafana instances run without it");
            case QUERY -> topology.query().enabled() ? Optional.empty()
                    : Optional.of("query.layer is none: Grafana reads the replicas through the internal balancer");
            case GLOBAL_PROMETHEUS -> Optional.of("terraform/'s root module deploys no global federation layer");
            default -> Optional.empty();
        };
    }

    /** The instance behind {@code node}: the live instance at its address, else the one holding its id now. */
    public Optional<String> instanceOf(Node node) {
        EmulatorState s = agent.state();
        if (s == null || node.tier() == io.stackgate.verify.target.Tier.LOAD_BALANCER) {
            return Optional.empty();
        }
        String host = node.url().getHost();
        Optional<String> byIp = s.instances().values().stream().filter(i -> !i.gone() && host.equals(i.privateIp()))
                .map(EmulatorState.Instance::id).findFirst();
        if (byIp.isPresent()) {
            return byIp;
        }
        Map<String, Integer> bySlot;
        synchronized (this) {
            bySlot = Map.copyOf(slots.getOrDefault(node.tier(), Map.of()));
        }
        return bySlot.entrySet().stream().filter(e -> e.getValue() == node.index()).map(Map.Entry::getKey).findFirst();
    }

    public Optional<String> zoneOf(Node node) {
        EmulatorState s = agent.state();
        return instanceOf(node).map(id -> s.instances().get(id)).map(EmulatorState.Instance::zone);
    }

    private InstanceHost host(Node node) {
        String id = instanceOf(node).orElseThrow(() -> new IllegalArgumentException("no instance behind " + node));
        return agent.host(id).orElseThrow(() -> new IllegalStateException(node.id() + " (" + id + ") runs nothing here"));
    }

    @Override
    public String replicaOf(Node node) {
        return instanceOf(node).orElse("");
    }

    @Override
    public String logTail(Node node, int lines) {
        if (node.tier() == io.stackgate.verify.target.Tier.LOAD_BALANCER) {
            return "";
        }
        return instanceOf(node).flatMap(agent::host).map(h -> h.logTail(lines)).orElse("(no processes for " + node + ")");
    }

    @Override
    public void kill(Node node) {
        InstanceHost h = host(node);
        h.markFaulted();
        h.processes().forEach(NodeProcess::kill);
    }

    @Override
    public void freeze(Node node) {
        InstanceHost h = host(node);
        h.markFaulted();
        h.processes().forEach(NodeProcess::freeze);
    }

    @Override
    public void resume(Node node) {
        host(node).processes().forEach(NodeProcess::resume);
    }

    /** Re-images the instance in place (same address, empty disk) and waits until it answers again. */
    @Override
    public void replace(Node node) {
        String id = instanceOf(node).orElseThrow(() -> new IllegalArgumentException("no instance behind " + node));
        agent.reimage(id);
        String path = switch (node.tier()) {
            case EXPORTER -> "/metrics";
            case GRAFANA -> "/api/health";
            default -> "/-/ready";
        };
        Wait.until(node.id() + " (" + id + ") answering " + path + " after its re-image", Duration.ofSeconds(30))
                .polling(Duration.ofMillis(50)).on(() -> Http.get(node.resolve(path)), Http.Response::ok);
    }
}
