package io.stackgate.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stopping a process with everything it started (ansible-playbook's workers and their modules, a
 * shell's children). The tree is collected before anything is signalled: once the parent is gone
 * its children are re-parented and can no longer be found from it.
 */
final class ProcessTree {
    /** How long SIGKILLed processes get to disappear before stop() returns anyway. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /** SIGTERM to the whole tree, SIGKILL to what is left after {@code grace}; returns when all are gone (bounded). */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = collect(process);
        tree.forEach(ProcessHandle::destroy);
        awaitExit(tree, grace);
        kill(tree);
    }

    /** SIGKILL to the whole tree at once; returns when all are gone (bounded). */
    static void kill(Process process) {
        kill(collect(process));
    }

    /** SIGKILL to every tree at once, then one bounded wait for all of them. */
    static void killAll(List<Process> processes) {
        List<ProcessHandle> all = new ArrayList<>();
        processes.forEach(p -> all.addAll(collect(p)));
        kill(all);
    }

    private static void kill(List<ProcessHandle> tree) {
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        awaitExit(alive, KILL_WAIT);
    }

    private static List<ProcessHandle> collect(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        return tree;
    }

    /** Waits until every handle has exited or {@code max} has passed, whichever comes first. */
    private static void awaitExit(List<ProcessHandle> handles, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still alive: the caller kills what is left
            }
        }
    }
}
