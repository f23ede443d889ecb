package io.stackgate.aws.target.internal;

import io.stackgate.runtime.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What runs on one emulated instance: its processes (Prometheus and its Thanos sidecar, an Alertmanager,
 * thanos query, a node exporter), all bound to the instance's private IP, and its disk (a directory that
 * lives as long as the instance: kept across stop/start, deleted on terminate).
 */
public final class InstanceHost {
    /** One process to run on the instance: name, command line, environment. */
    public record Part(String name, List<String> command, Map<String, String> env) {
        public Part {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    private final String instanceId;
    private final String ip;
    private final Path disk;
    private final Path logs;
    private final List<NodeProcess> processes = new ArrayList<>();
    private boolean faulted;
    private int boots;

    public InstanceHost(String instanceId, String ip, Path disk, Path logs) {
        this.instanceId = instanceId;
        this.ip = ip;
        this.disk = disk;
        this.logs = logs;
    }

    public String instanceId() {
        return instanceId;
    }

    public String ip() {
        return ip;
    }

    /** The instance's disk (its EBS volumes). */
    public Path disk() {
        return disk;
    }

    /** Starts {@code parts} (the instance booted or was started again). */
    public synchronized void boot(List<Part> parts) {
        try {
            Files.createDirectories(disk);
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the disk of " + instanceId + " at " + disk, e);
        }
        boots++;
        processes.clear();
        for (Part p : parts) {
            processes.add(NodeProcess.start(instanceId + "-" + p.name(), p.command(), disk, p.env(),
                    logs.resolve(instanceId + "-" + p.name() + ".log")));
        }
        faulted = false;
    }

    /** How many times the instance booted (1 after the first start). */
    public synchronized int boots() {
        return boots;
    }

    public synchronized List<NodeProcess> processes() {
        return List.copyOf(processes);
    }

    public synchronized boolean running() {
        return !processes.isEmpty() && processes.stream().allMatch(NodeProcess::isAlive);
    }

    /** A process fault (kill, freeze) holds: the agent does not restart it. */
    public synchronized boolean faulted() {
        return faulted;
    }

    public synchronized void markFaulted() {
        faulted = true;
    }

    /** StopInstances: SIGTERM every process (SIGKILL after a short grace); the disk stays. */
    public synchronized void shutdown() {
        processes.parallelStream().forEach(p -> p.stop(Duration.ofMillis(500)));
        processes.clear();
    }

    /** TerminateInstances: the processes die at once and the disk is deleted. */
    public synchronized void destroy() {
        processes.parallelStream().forEach(NodeProcess::kill);
        processes.clear();
        wipe();
    }

    /** Deletes the disk (a replaced or terminated instance's EBS volumes). */
    public synchronized void wipe() {
        if (!Files.exists(disk)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(disk)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a process that was just killed may still flush into its directory; the target's close removes the rest
        }
    }

    /** The last lines of every process's log. */
    public synchronized String logTail(int lines) {
        StringBuilder sb = new StringBuilder();
        for (NodeProcess p : processes) {
            sb.append("--- ").append(p.name()).append(" ---\n").append(p.logTail(lines)).append('\n');
        }
        return sb.toString();
    }
}
