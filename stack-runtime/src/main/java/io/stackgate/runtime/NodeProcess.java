package io.stackgate.runtime;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.StartedProcess;

/**
 * A long-running node process (prometheus, alertmanager, haproxy, an exporter) started through
 * the runner ({@link Exec}) with its output in a log file. The runner's reaper kills it when the JVM
 * exits (normal exit, SIGINT, SIGTERM): nothing is left running.
 */
public final class NodeProcess {
    private static final Set<NodeProcess> LIVE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Process process;
    private final OutputStream logStream;
    private volatile boolean frozen;

    private NodeProcess(String name, List<String> command, Path log, Process process, OutputStream logStream) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
        this.logStream = logStream;
    }

    /**
     * Starts {@code command} in {@code dir} with {@code env} added to the JVM's environment,
     * appending its stdout and stderr to {@code log}.
     *
     * @throws ExecFailedException when the program cannot be started
     * @throws UncheckedIOException when the log cannot be opened
     */
    public static NodeProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path log) {
        return start(name, Exec.of(command).in(dir).env(env), log);
    }

    /**
     * Starts {@code exec}'s command, directory and environment as a long-running node, appending
     * its stdout and stderr to {@code log}; its timeout, exit codes and retries do not apply.
     *
     * @throws ExecFailedException when the program cannot be started
     * @throws UncheckedIOException when the log cannot be opened
     */
    public static NodeProcess start(String name, Exec exec, Path log) {
        OutputStream out;
        try {
            out = new FileOutputStream(log.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + log, e);
        }
        try {
            StartedProcess started = exec.start(out, null);
            NodeProcess p = new NodeProcess(name, exec.command(), log, started.getProcess(), out);
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            closeQuietly(out);
            throw exec.notStarted(1, new ArrayList<>(), e);
        }
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of this node's log, for failure messages. */
    public String logTail(int lines) {
        return Output.tail(log, lines);
    }

    /** SIGKILL, as an instance dying would; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitGone(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the process hangs, its sockets stay open. */
    public void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    public void resume() {
        signal("CONT");
        frozen = false;
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            if (frozen) {
                process.destroyForcibly(); // a stopped process cannot act on SIGTERM
            } else {
                process.destroy();
            }
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        waitGone(Duration.ofSeconds(10));
    }

    private void signal(String sig) {
        if (process.isAlive()) {
            Exec.of("kill", "-" + sig, Long.toString(pid())).timeout(Duration.ofSeconds(5)).allowExitCodes(0, 1).run();
        }
    }

    private void waitGone(Duration max) {
        try {
            process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            LIVE.remove(this);
            closeQuietly(logStream);
        }
    }

    /** Kills every node process still running and waits (bounded) until they are gone; for environments on close. */
    public static void killAll() {
        for (NodeProcess p : List.copyOf(LIVE)) {
            p.process.destroyForcibly();
        }
        for (NodeProcess p : List.copyOf(LIVE)) {
            p.waitGone(Duration.ofSeconds(5));
        }
    }

    /** How many node processes this JVM has running. */
    public static int liveCount() {
        return (int) LIVE.stream().filter(NodeProcess::isAlive).count();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the log is best effort once the process is gone
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
