package io.stackgate.verify.local.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Removes namespaces and links of this package: those of one network on close, and the leftovers of
 * runs whose owner is dead (killed with SIGKILL, or a JVM that crashed) when the next one starts.
 * Order matters: the processes inside a namespace keep it (and its veth) alive after {@code ip netns
 * del}, so they are killed first; the veth is deleted explicitly because the kernel frees a deleted
 * namespace's devices asynchronously, and an {@code ip link} right after close must not show them.
 */
final class Teardown {
    private static final Duration PROCESSES_GONE = Duration.ofSeconds(10);

    private final Ip ip;

    Teardown(Ip ip) {
        this.ip = ip;
    }

    /**
     * Removes every namespace and link whose name encodes an owner PID that is not running (or runs
     * as another process than the one that stamped the bridge). Returns the names removed.
     */
    List<String> removeLeftovers() {
        List<Ip.Link> links = ip.links();
        Map<String, Optional<Owner>> stamps = new HashMap<>();
        for (Ip.Link link : links) {
            RunNames.runIdOf(link.name()).filter(id -> link.name().equals(id + "-br"))
                    .ifPresent(id -> stamps.put(id, Owner.fromAlias(link.alias())));
        }
        List<String> namespaces = new ArrayList<>();
        for (String ns : ip.namespaces()) {
            if (deadOwner(ns, stamps)) {
                namespaces.add(ns);
            }
        }
        List<String> deadLinks = new ArrayList<>();
        for (Ip.Link link : links) {
            if (deadOwner(link.name(), stamps)) {
                deadLinks.add(link.name());
            }
        }
        remove(namespaces, deadLinks);
        List<String> removed = new ArrayList<>(namespaces);
        removed.addAll(deadLinks);
        return removed;
    }

    /**
     * Kills the processes inside {@code namespaces}, deletes {@code links} and the namespaces, then
     * checks that none of them is left.
     *
     * @throws NetworkSetupException naming what is still there and the commands that remove it
     */
    void remove(Collection<String> namespaces, Collection<String> links) {
        if (namespaces.isEmpty() && links.isEmpty()) {
            return;
        }
        killProcessesIn(namespaces);
        List<String> batch = new ArrayList<>();
        // veths first (deleting one end deletes the pair), bridges last: a bridge with ports is fine to
        // delete, but this order never leaves a veth pointing at a missing master in between
        links.stream().filter(l -> !l.endsWith("br") && !l.endsWith("pb")).forEach(l -> batch.add("link del " + l));
        namespaces.forEach(ns -> batch.add("netns del " + ns));
        links.stream().filter(l -> l.endsWith("br") || l.endsWith("pb")).forEach(l -> batch.add("link del " + l));
        ip.batchIgnoringErrors(batch);
        List<String> left = new ArrayList<>();
        ip.namespaces().stream().filter(namespaces::contains).forEach(ns -> left.add("namespace " + ns));
        ip.links().stream().map(Ip.Link::name).filter(links::contains).forEach(l -> left.add("link " + l));
        if (!left.isEmpty()) {
            throw new NetworkSetupException("could not remove " + left + "; remove them with: "
                    + String.join("; ", batch.stream().map(b -> ip.binary() + " " + b).toList()));
        }
    }

    private static boolean deadOwner(String name, Map<String, Optional<Owner>> stamps) {
        Optional<Long> pid = RunNames.owner(name);
        if (pid.isEmpty()) {
            return false;
        }
        Optional<Owner> stamp = RunNames.runIdOf(name).flatMap(id -> stamps.getOrDefault(id, Optional.empty()));
        return !Owner.alive(pid.get(), stamp);
    }

    private void killProcessesIn(Collection<String> namespaces) {
        for (String ns : namespaces) {
            ip.pids(ns).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        try {
            Awaitility.await("processes inside " + namespaces + " gone").atMost(PROCESSES_GONE)
                    .pollDelay(Duration.ZERO).pollInterval(50, TimeUnit.MILLISECONDS).pollInSameThread()
                    .until(() -> namespaces.stream().allMatch(ns -> ip.pids(ns).isEmpty()));
        } catch (ConditionTimeoutException e) {
            Map<String, List<Long>> still = new HashMap<>();
            namespaces.forEach(ns -> still.put(ns, ip.pids(ns)));
            throw new NetworkSetupException("processes inside the AZ namespaces survived SIGKILL for "
                    + PROCESSES_GONE.toSeconds() + " s: " + still + "; the namespaces stay until they exit", e);
        }
    }
}
