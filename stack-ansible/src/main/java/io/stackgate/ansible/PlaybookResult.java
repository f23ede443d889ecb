package io.stackgate.ansible;

import io.stackgate.runtime.Exec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one ansible-playbook command did: the recap per host ({@link #host(String)}), every task's
 * outcome per host in the order they ran ({@link #tasks()}), and the command itself with its exit
 * code and output.
 *
 * <pre>{@code
 * PlaybookResult r = playbook.run();
 * assertThat(r.host("localhost").changed()).isZero();
 * assertThat(r.failedTasks()).isEmpty();
 * assertThat(r.task("localhost", "Write the node exporter flags").status()).isEqualTo(TaskStatus.OK);
 * }</pre>
 *
 * A {@code --syntax-check} runs no play: its result has no hosts and no tasks.
 */
public final class PlaybookResult {
    /** The format tag the bundled callback writes; another one is refused rather than misread. */
    static final String FORMAT = "stackgate-ansible-result/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The command as the runner ran it: command, directory, exit code, output, attempts. */
    private final Exec.Result run;
    private final SortedMap<String, HostStats> stats;
    private final List<TaskOutcome> tasks;

    PlaybookResult(Exec.Result run, Map<String, HostStats> stats, List<TaskOutcome> tasks) {
        this.run = run;
        this.stats = Collections.unmodifiableSortedMap(new TreeMap<>(stats));
        this.tasks = List.copyOf(tasks);
    }

    /**
     * Reads the document the bundled callback wrote ({@code json} may be null: no play ran).
     *
     * @throws IllegalArgumentException when {@code json} is not such a document
     */
    static PlaybookResult parse(String json, Exec.Result run) {
        Map<String, HostStats> stats = new TreeMap<>();
        List<TaskOutcome> tasks = new ArrayList<>();
        if (json != null) {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the run's result is not JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IllegalArgumentException("the run's result is not a " + FORMAT + " document (format: "
                        + (root == null ? "none" : root.path("format")) + ")");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("stats").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = e.getValue();
                stats.put(e.getKey(), new HostStats(e.getKey(), s.path("ok").asInt(), s.path("changed").asInt(),
                        s.path("failures").asInt(), s.path("unreachable").asInt(), s.path("skipped").asInt(),
                        s.path("rescued").asInt(), s.path("ignored").asInt()));
            }
            for (JsonNode play : root.path("plays")) {
                for (JsonNode task : play.path("tasks")) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = task.path("hosts").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode h = e.getValue();
                        List<String> items = new ArrayList<>();
                        h.path("item_msgs").forEach(m -> items.add(m.asText()));
                        tasks.add(new TaskOutcome(play.path("name").asText(""), e.getKey(), text(task.get("role")),
                                text(task.get("name")), text(task.get("action")), task.path("handler").asBoolean(),
                                TaskStatus.parse(h.path("status").asText()), h.path("ignored").asBoolean(),
                                text(h.get("msg")), items, text(h.get("stderr"))));
                    }
                }
            }
        }
        return new PlaybookResult(run, stats, tasks);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.isTextual() ? n.asText() : n.toString();
    }

    /**
     * The recap of {@code host}.
     *
     * @throws IllegalArgumentException naming the hosts the run had, when it did not run on {@code host}
     */
    public HostStats host(String host) {
        HostStats s = stats.get(host);
        if (s == null) {
            throw new IllegalArgumentException("the run has no recap for host \"" + host + "\"; its hosts are "
                    + stats.keySet() + (stats.isEmpty() ? " (no play ran)" : ""));
        }
        return s;
    }

    /** The recap of every host, by host name. */
    public SortedMap<String, HostStats> stats() {
        return stats;
    }

    /** Every task outcome, in the order the tasks ran (per task, hosts by name). */
    public List<TaskOutcome> tasks() {
        return tasks;
    }

    /** The outcomes on {@code host}, in order. */
    public List<TaskOutcome> tasks(String host) {
        return tasks.stream().filter(t -> t.host().equals(host)).toList();
    }

    /**
     * The first outcome on {@code host} of the task named {@code name} (with or without its
     * {@code role : } prefix).
     *
     * @throws IllegalArgumentException listing the task names the host has, when there is none
     */
    public TaskOutcome task(String host, String name) {
        return tasks(host).stream().filter(t -> t.name().equals(name) || t.fullName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task \"" + name + "\" ran on host " + host
                        + "; it ran " + tasks(host).stream().map(TaskOutcome::fullName).toList()));
    }

    /** Failed (not ignored) and unreachable outcomes: what fails a run. */
    public List<TaskOutcome> failedTasks() {
        return tasks.stream().filter(TaskOutcome::failed).toList();
    }

    /** Outcomes with status {@code changed}: on a second converge of idempotent roles, none. */
    public List<TaskOutcome> changedTasks() {
        return tasks.stream().filter(TaskOutcome::changed).toList();
    }

    /** The sum of {@code changed} over the hosts' recaps. */
    public int totalChanged() {
        return stats.values().stream().mapToInt(HostStats::changed).sum();
    }

    /** Exit code 0 and no failed or unreachable task. */
    public boolean succeeded() {
        return run.exitCode() == 0 && failedTasks().isEmpty();
    }

    /** The command, binary first. */
    public List<String> command() {
        return run.command();
    }

    public Path directory() {
        return run.directory();
    }

    public int exitCode() {
        return run.exitCode();
    }

    /** The bundled callback's one line per event. */
    public String stdout() {
        return run.stdout();
    }

    /** Warnings and errors. */
    public String stderr() {
        return run.stderr();
    }

    /** stdout, then stderr. */
    public String output() {
        return run.output();
    }

    /** One line per attempt: its exit code and why it was (or was not) retried. */
    public List<String> attempts() {
        return run.attempts();
    }

    @Override
    public String toString() {
        return "PlaybookResult[exit " + run.exitCode() + ", " + stats.values() + ", " + tasks.size() + " task outcomes, "
                + failedTasks().size() + " failed]";
    }
}
