package io.stackgate.runtime;

/**
 * Work that must also happen when the JVM exits (normal end, SIGINT, SIGTERM) — stopping a target,
 * removing a network, rolling a fault back — and that its owner normally does itself first. Holds the
 * JDK's two rules in one place: nothing can be added once the JVM is exiting (registration then fails,
 * so the owner can refuse to start), and a hook that is running, or has run, cannot be removed (a
 * cancel from the hook itself, or during the exit, does nothing).
 */
public final class ExitHook {
    private final Thread thread;

    private ExitHook(Thread thread) {
        this.thread = thread;
    }

    /**
     * Runs {@code action} on a thread named {@code name} when the JVM exits, unless {@link #cancel()}ed first.
     *
     * @throws IllegalStateException when the JVM is already exiting
     */
    public static ExitHook register(String name, Runnable action) {
        Thread t = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(t);
        return new ExitHook(t);
    }

    /** The owner has done the work itself: the JVM's exit no longer runs it. Idempotent. */
    public void cancel() {
        if (Thread.currentThread() == thread) {
            return; // called from the hook's own action: it is running
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs or has run, and does the work at most once more
        }
    }
}
