package io.stackgate.verify.local.internal;

import io.stackgate.runtime.NodeProcess;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.TargetStartException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One node of the local target — one instance on AWS — and how to (re)start it: the processes it runs
 * (Prometheus, and its Thanos sidecar where the query tier is on), each with its command line per
 * generation (a replacement is generation 1, 2, …: a fresh data directory) and environment, and the
 * node's readiness. A fault acts on the whole instance: every process of it.
 */
public final class LocalNode {
    /** One process of the node; the first is the node's own, its log is the node's log. */
    public record Part(String name, IntFunction<List<String>> command, Map<String, String> env) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(command, "command");
            env = Map.copyOf(env);
        }
    }

    private final Node node;
    private final List<Part> parts;
    private final Readiness readiness;
    private final List<NodeProcess> processes = new ArrayList<>();
    private int generation;

    public LocalNode(Node node, List<Part> parts, Readiness readiness) {
        this.node = Objects.requireNonNull(node, "node");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(node.id() + " needs at least one process");
        }
        this.parts = List.copyOf(parts);
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    /** A node of one process. */
    public LocalNode(Node node, IntFunction<List<String>> command, Map<String, String> env, Readiness readiness) {
        this(node, List.of(new Part(node.id(), command, env)), readiness);
    }

    public Node node() {
        return node;
    }

    /** The environment of the node's own process. */
    public Map<String, String> env() {
        return parts.get(0).env();
    }

    /** The node's own process (its first part). */
    public synchronized NodeProcess process() {
        return processes.isEmpty() ? null : processes.get(0);
    }

    /** Every process of the current generation, the node's own first. */
    public synchronized List<NodeProcess> processes() {
        return List.copyOf(processes);
    }

    public synchronized int generation() {
        return generation;
    }

    /** Starts generation {@code gen} of every part, each part's output appended to {@code logs/<name>.log}. */
    public synchronized void launch(int gen, Path workDir) {
        generation = gen;
        processes.clear();
        for (Part part : parts) {
            processes.add(NodeProcess.start(part.name(), part.command().apply(gen), workDir, part.env(),
                    workDir.resolve("logs").resolve(part.name() + ".log")));
        }
    }

    /** Waits until the node is ready; fails at once, with its log, when one of its processes exited. */
    public void awaitReady() {
        readiness.await(this);
    }

    /** {@code value}, or a start failure when a process died: a dead node is not waited out. */
    public <T> T alive(T value) {
        for (NodeProcess p : processes()) {
            if (!p.isAlive()) {
                throw new TargetStartException(p.name() + " exited while starting (command: "
                        + String.join(" ", p.command()) + ")\n--- last lines of " + p.log() + " ---\n" + p.logTail(25), null);
            }
        }
        return value;
    }

    /** The last lines of every process's log, the node's own first. */
    public String logTail(int lines) {
        List<NodeProcess> ps = processes();
        if (ps.size() == 1) {
            return ps.get(0).logTail(lines);
        }
        StringBuilder sb = new StringBuilder();
        for (NodeProcess p : ps) {
            sb.append("--- ").append(p.name()).append(" ---\n").append(p.logTail(lines)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
