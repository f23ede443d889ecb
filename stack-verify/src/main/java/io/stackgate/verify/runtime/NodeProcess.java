package io.stackgate.verify.runtime;

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
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;

/**
 * A long-running node process (prometheus, alertmanager, haproxy, an exporter) started through
 * zt-exec with its output in a log file. Every live process is registered so that a JVM shutdown
 * (normal exit, SIGINT, SIGTERM) kills it: nothing is left running.
 */
public final class NodeProcess {
    private static final Set<NodeProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NodeProcess::killAll, "stackgate-reaper"));
    }

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
     * Starts {@code command} in {@code dir}, appending its stdout and stderr to {@code log}.
     *
     * @throws ExecFailedException when the program cannot be started
     */
    public static NodeProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path log) {
        OutputStream out;
        try {
            out = new FileOutputStream(log.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + log, e);
        }
        try {
            StartedProcess started = new ProcessExecutor().command(new ArrayList<>(command)).directory(dir.toFile())
                    .environment(env).redirectErrorStream(true).redirectOutput(out).start();
            NodeProcess p = new NodeProcess(name, command, log, started.getProcess(), out);
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            closeQuietly(out);
            throw new ExecFailedException(command, dir, -1, "", "could not start: " + e.getMessage());
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

    /** Kills every process still running; used by the shutdown hook and by environments on close. */
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
