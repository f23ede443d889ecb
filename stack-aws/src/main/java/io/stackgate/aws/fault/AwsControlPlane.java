package io.stackgate.aws.fault;

import io.stackgate.aws.AwsClients;
import io.stackgate.model.Topology;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * {@link ControlPlane} over the AWS API (SDK v2): the same calls against AWS and an emulator.
 *
 * <ul>
 * <li>{@link #terminate}: TerminateInstanceInAutoScalingGroup without decrementing the desired
 *     capacity, so the group launches a replacement; the rollback restores the group's min and
 *     desired capacity should anything have lowered them.</li>
 * <li>{@link #stopZone}: StopInstances on every running instance tagged {@code Stack=<name>} in the
 *     AZ; the rollback starts the ones still stopped (waiting for {@code stopping} to end first).</li>
 * <li>{@link #deregister}: DeregisterTargets of the instance from every target group of its group
 *     that lists it; the rollback registers it again on the same ports.</li>
 * </ul>
 *
 * <p>What passes: instances tagged {@code Stack=<topology name>}, zones of the topology, one AZ
 * impaired at a time. What fails, before anything is changed, with {@link FaultRefusedException}:
 * an instance without that tag (or not found), a zone the topology does not list, an action in a
 * second AZ while a fault in another is not rolled back, a terminate outside an Auto Scaling group,
 * a deregister of an instance no target group lists, a zone without running stack instances.
 *
 * <p>A {@link Node} stands for an instance by its id ({@code i-…}, as the AWS targets name their
 * nodes) or else by its URL's host, the instance's private IP. Rollbacks are idempotent.
 *
 * <p>Why one file over 300 lines: the three faults share their guards (stack tag, zone, one impaired AZ) and
 * their rollbacks share the state waits; each fault is a few calls, the guards are what keeps the file
 * together.
 */
public final class AwsControlPlane implements ControlPlane {
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    /** States in which an instance still holds its private IP (terminated ones keep it listed on moto). */
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final AwsClients aws;
    private final String stack;
    private final List<String> zones;
    private final Duration stateTimeout;
    private final List<Fault> active = new ArrayList<>();

    /**
     * @param stateTimeout how long a rollback waits for a {@code stopping} instance to be
     *     {@code stopped} before it starts it
     */
    public AwsControlPlane(AwsClients aws, Topology topology, Duration stateTimeout) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.stack = topology.name();
        this.zones = List.copyOf(topology.availabilityZones());
        this.stateTimeout = Objects.requireNonNull(stateTimeout, "stateTimeout");
    }

    /** With a 5 minute state timeout (EC2 stops an instance in well under that). */
    public AwsControlPlane(AwsClients aws, Topology topology) {
        this(aws, topology, Duration.ofMinutes(5));
    }

    /** The faults injected and not yet rolled back, oldest first. */
    public synchronized List<Fault> active() {
        return List.copyOf(active);
    }

    @Override
    public synchronized Fault terminate(Node node) {
        StackInstance i = resolve(node);
        requireOneZone(i.zone(), "terminate " + i.describe());
        String group = i.group().orElseThrow(() -> new FaultRefusedException("instance " + i.describe()
                + " is in no Auto Scaling group: terminating it would not be replaced; terminate an instance of a tier"));
        AutoScalingGroup g = group(group);
        aws.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(i.id()).shouldDecrementDesiredCapacity(false));
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Actions.GROUP, group);
        details.put(Actions.MIN_BEFORE, String.valueOf(g.minSize()));
        details.put(Actions.DESIRED_BEFORE, String.valueOf(g.desiredCapacity()));
        details.put(Actions.PRIVATE_IP, i.privateIp());
        i.tier().ifPresent(t -> details.put(Actions.TIER, t));
        return record(new Fault(Actions.TERMINATE, i.zone(), List.of(i.id()), details, Instant.now()));
    }

    @Override
    public synchronized Fault stopZone(String zone) {
        List<StackInstance> running = runningIn(zone);
        requireOneZone(zone, "stop zone " + zone);
        if (running.isEmpty()) {
            throw new FaultRefusedException("no running instance tagged Stack=" + stack + " in " + zone + " at "
                    + aws.connection().describe() + ": nothing to stop");
        }
        List<String> ids = running.stream().map(StackInstance::id).toList();
        aws.ec2().stopInstances(r -> r.instanceIds(ids));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instances", running.stream().map(StackInstance::describe).collect(Collectors.joining(", ")));
        return record(new Fault(Actions.STOP_ZONE, zone, ids, details, Instant.now()));
    }

    @Override
    public synchronized Fault deregister(Node node) {
        StackInstance i = resolve(node);
        requireOneZone(i.zone(), "deregister " + i.describe());
        List<String> targets = registrations(i);
        if (targets.isEmpty()) {
            throw new FaultRefusedException("instance " + i.describe() + " is registered in no target group of "
                    + i.group().map(g -> "group " + g).orElse("an Auto Scaling group")
                    + "; deregister an instance of a tier behind a load balancer (prometheus, grafana)");
        }
        for (String t : targets) {
            String[] arnPort = t.split("=");
            aws.elb().deregisterTargets(r -> r.targetGroupArn(arnPort[0])
                    .targets(TargetDescription.builder().id(i.id()).port(Integer.parseInt(arnPort[1])).build()));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Actions.TARGETS, String.join(",", targets));
        details.put(Actions.PRIVATE_IP, i.privateIp());
        i.group().ifPresent(g -> details.put(Actions.GROUP, g));
        i.tier().ifPresent(t -> details.put(Actions.TIER, t));
        return record(new Fault(Actions.DEREGISTER, i.zone(), List.of(i.id()), details, Instant.now()));
    }

    @Override
    public void rollback(Fault fault) {
        undo(fault);
    }

    /**
     * Undoes {@code fault} and says what that took; safe to call twice (the second call changes
     * nothing and lists everything as unchanged).
     *
     * @throws IllegalArgumentException for a fault this control plane does not know
     * @throws io.stackgate.verify.wait.Wait.WaitTimeoutException when an instance stays
     *     {@code stopping} past the state timeout
     */
    public synchronized Undone undo(Fault fault) {
        List<String> done = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        switch (fault.action()) {
            case Actions.TERMINATE -> restoreCapacity(fault, done, unchanged);
            case Actions.STOP_ZONE -> startStopped(fault, done, unchanged);
            case Actions.DEREGISTER -> registerAgain(fault, done, unchanged);
            default -> throw new IllegalArgumentException("not a fault of the AWS control plane: " + fault.action());
        }
        active.remove(fault);
        return new Undone(fault, done, unchanged);
    }

    /**
     * The instance {@code node} stands for: by id when its id is an instance id, else by the private
     * IP of its URL's host.
     *
     * @throws FaultRefusedException when no such instance exists or it is not tagged with the stack
     */
    public StackInstance resolve(Node node) {
        Optional<Instance> found;
        String key;
        if (INSTANCE_ID.matcher(node.id()).matches()) {
            key = "id " + node.id();
            found = states(List.of(node.id())).isEmpty() ? Optional.empty()
                    : describe(List.of(), List.of(node.id())).stream().findFirst();
        } else {
            key = "private IP " + node.url().getHost();
            found = describe(List.of(filter("private-ip-address", node.url().getHost()),
                    filter("instance-state-name", LIVE_STATES.toArray(String[]::new))), List.of()).stream().findFirst();
        }
        Instance i = found.orElseThrow(() -> new FaultRefusedException("no instance with " + key + " (node " + node
                + ") at " + aws.connection().describe()));
        Map<String, String> tags = tags(i);
        if (!stack.equals(tags.get("Stack"))) {
            throw new FaultRefusedException("instance " + i.instanceId() + " (node " + node.id() + ") is not tagged Stack="
                    + stack + (tags.containsKey("Stack") ? " (it is tagged Stack=" + tags.get("Stack") + ")" : "")
                    + ": the control plane touches only the stack's own instances");
        }
        return toStackInstance(i, tags);
    }

    /** The running instances tagged with the stack in {@code zone}, by id. */
    public List<StackInstance> runningIn(String zone) {
        if (!zones.contains(zone)) {
            throw new FaultRefusedException("zone " + zone + " is not one of the topology's availability zones " + zones);
        }
        return describe(List.of(filter("tag:Stack", stack), filter("availability-zone", zone),
                filter("instance-state-name", "running")), List.of()).stream()
                // the filter is honoured by AWS and moto ≥ 5.2.3; checked again so an older emulator cannot widen the fault
                .filter(i -> zone.equals(i.placement().availabilityZone()))
                .map(i -> toStackInstance(i, tags(i))).toList();
    }

    private void requireOneZone(String zone, String what) {
        Set<String> impaired = active.stream().map(Fault::zone).collect(Collectors.toCollection(TreeSet::new));
        impaired.remove(zone);
        if (!impaired.isEmpty()) {
            throw new FaultRefusedException("refusing to " + what + " in " + zone + ": " + impaired
                    + " is already impaired by a fault not rolled back; a chaos run touches at most one AZ");
        }
    }

    private Fault record(Fault f) {
        active.add(f);
        return f;
    }

    private void restoreCapacity(Fault fault, List<String> done, List<String> unchanged) {
        String name = fault.details().get(Actions.GROUP);
        int min = Integer.parseInt(fault.details().get(Actions.MIN_BEFORE));
        int desired = Integer.parseInt(fault.details().get(Actions.DESIRED_BEFORE));
        AutoScalingGroup g = group(name);
        if (g.minSize() < min || g.desiredCapacity() < desired) {
            int newMin = Math.max(g.minSize(), min);
            int newDesired = Math.max(g.desiredCapacity(), desired);
            aws.autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(newMin)
                    .desiredCapacity(newDesired));
            done.add("UpdateAutoScalingGroup " + name + " min " + g.minSize() + "→" + newMin + ", desired "
                    + g.desiredCapacity() + "→" + newDesired);
        } else {
            unchanged.add(name + " capacity min " + g.minSize() + ", desired " + g.desiredCapacity()
                    + " (not below the " + min + "/" + desired + " before the fault; the group replaces the instance)");
        }
    }

    private void startStopped(Fault fault, List<String> done, List<String> unchanged) {
        Map<String, String> states = states(fault.instanceIds());
        List<String> stopping = fault.instanceIds().stream().filter(id -> "stopping".equals(states.get(id))).toList();
        if (!stopping.isEmpty()) {
            Wait.until("instances " + stopping + " stopped, to start them again", stateTimeout)
                    .polling(Duration.ofSeconds(1))
                    .on(() -> states(stopping), s -> s.values().stream().allMatch("stopped"::equals));
            states.putAll(states(stopping));
        }
        List<String> toStart = new ArrayList<>();
        for (String id : fault.instanceIds()) {
            String state = states.getOrDefault(id, "gone");
            if ("stopped".equals(state)) {
                toStart.add(id);
            } else {
                unchanged.add(id + " " + state + (state.equals("terminated") || state.equals("shutting-down") || state.equals("gone")
                        ? " (replaced by its group meanwhile; nothing to start)" : " (already)"));
            }
        }
        if (!toStart.isEmpty()) {
            aws.ec2().startInstances(r -> r.instanceIds(toStart));
            done.add("StartInstances " + String.join(" ", toStart));
        }
    }

    private void registerAgain(Fault fault, List<String> done, List<String> unchanged) {
        String id = fault.instanceIds().get(0);
        String state = states(List.of(id)).getOrDefault(id, "gone");
        for (String t : fault.details().get(Actions.TARGETS).split(",")) {
            String[] arnPort = t.split("=");
            int port = Integer.parseInt(arnPort[1]);
            if (!(state.equals("running") || state.equals("stopped") || state.equals("pending") || state.equals("stopping"))) {
                unchanged.add(id + " " + state + ": not registered again in " + arnPort[0]);
                continue;
            }
            boolean registered = targetHealth(arnPort[0]).stream()
                    .anyMatch(h -> h.target().id().equals(id) && !"draining".equals(h.targetHealth().stateAsString()));
            if (registered) {
                unchanged.add(id + " already registered in " + arnPort[0]);
            } else {
                aws.elb().registerTargets(r -> r.targetGroupArn(arnPort[0])
                        .targets(TargetDescription.builder().id(id).port(port).build()));
                done.add("RegisterTargets " + id + ":" + port + " in " + arnPort[0]);
            }
        }
    }

    /** {@code arn=port} of every target group of the instance's group that lists it. */
    private List<String> registrations(StackInstance i) {
        if (i.group().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String arn : group(i.group().get()).targetGroupARNs()) {
            targetHealth(arn).stream().filter(h -> h.target().id().equals(i.id()))
                    .filter(h -> !"draining".equals(h.targetHealth().stateAsString()))
                    .findFirst().ifPresent(h -> out.add(arn + "=" + h.target().port()));
        }
        return out;
    }

    private List<TargetHealthDescription> targetHealth(String arn) {
        return aws.elb().describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions();
    }

    private AutoScalingGroup group(String name) {
        return aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().stream()
                .findFirst().orElseThrow(() -> new FaultRefusedException("Auto Scaling group " + name + " not found at "
                        + aws.connection().describe()));
    }

    private StackInstance toStackInstance(Instance i, Map<String, String> tags) {
        Optional<String> group = aws.autoScaling().describeAutoScalingInstances(r -> r.instanceIds(i.instanceId()))
                .autoScalingInstances().stream().map(a -> a.autoScalingGroupName()).findFirst();
        return new StackInstance(i.instanceId(), i.privateIpAddress() == null ? "" : i.privateIpAddress(),
                i.placement().availabilityZone(), i.state().nameAsString(), tags, group);
    }

    /** id → state name; an id EC2 no longer knows is absent. */
    private Map<String, String> states(List<String> ids) {
        Map<String, String> out = new TreeMap<>();
        for (String id : ids) {
            // one by one: on AWS a single unknown id fails the whole call
            try {
                describe(List.of(), List.of(id)).forEach(i -> out.put(i.instanceId(), i.state().nameAsString()));
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                if (!"InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                    throw e;
                }
            }
        }
        return out;
    }

    private List<Instance> describe(List<Filter> filters, List<String> ids) {
        List<Instance> out = new ArrayList<>();
        aws.ec2().describeInstancesPaginator(r -> {
            if (!filters.isEmpty()) {
                r.filters(filters);
            }
            if (!ids.isEmpty()) {
                r.instanceIds(ids);
            }
        }).reservations().forEach(res -> out.addAll(res.instances()));
        out.sort(java.util.Comparator.comparing(Instance::instanceId));
        return out;
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> a, TreeMap::new));
    }
}
