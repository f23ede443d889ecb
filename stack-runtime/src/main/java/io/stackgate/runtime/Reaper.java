package io.stackgate.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the runner starts, short-lived or a node, until it exits; one shutdown hook kills
 * what is still running when the JVM exits (normal exit, SIGINT, SIGTERM), so nothing is left
 * behind. One hook for all instead of zt-exec's {@code destroyOnExit()}, which registers a hook per
 * process and fails when a process is started while the JVM is already exiting.
 */
final class Reaper {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "stackgate-reaper"));
        } catch (IllegalStateException e) {
            // first used while the JVM exits: nothing can be registered any more; callers stop their own
        }
    }

    private Reaper() {
    }

    /** Tracks {@code process} until it exits. */
    static void watch(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }

    private static void killAll() {
        ProcessTree.killAll(List.copyOf(LIVE));
    }
}
