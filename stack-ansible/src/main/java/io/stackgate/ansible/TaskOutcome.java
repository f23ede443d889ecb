package io.stackgate.ansible;

import java.util.List;
import java.util.Objects;

/**
 * One task on one host.
 *
 * @param play the play's name
 * @param host the inventory host
 * @param role the role the task belongs to, {@code ""} for a task of the playbook itself
 * @param name the task's name as displayed (templated), without the role
 * @param action the module or action, e.g. {@code ansible.builtin.template}
 * @param handler whether it ran as a handler
 * @param status how it ended
 * @param ignored a failure under {@code ignore_errors}
 * @param msg the result's {@code msg} ({@code ""} when there is none); for a failed command without
 *        one, its stderr; for a {@code no_log} task, Ansible's censorship notice
 * @param itemMessages for a failed loop, the messages of the failed items
 * @param stderr for a failed task, the module's stderr (cut to a few thousand characters), else {@code ""}
 */
public record TaskOutcome(String play, String host, String role, String name, String action, boolean handler,
        TaskStatus status, boolean ignored, String msg, List<String> itemMessages, String stderr) {
    public TaskOutcome {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        play = Objects.requireNonNullElse(play, "");
        role = Objects.requireNonNullElse(role, "");
        name = Objects.requireNonNullElse(name, "");
        action = Objects.requireNonNullElse(action, "");
        msg = Objects.requireNonNullElse(msg, "");
        itemMessages = List.copyOf(itemMessages);
        stderr = Objects.requireNonNullElse(stderr, "");
    }

    /** {@code role : name}, or just the name for a task outside a role, as Ansible prints it. */
    public String fullName() {
        return role.isEmpty() ? name : role + " : " + name;
    }

    /** Failed (and not ignored) or unreachable: what makes a run fail. */
    public boolean failed() {
        return (status == TaskStatus.FAILED && !ignored) || status == TaskStatus.UNREACHABLE;
    }

    public boolean changed() {
        return status == TaskStatus.CHANGED;
    }

    /** One line: task, host, status and message, as failure reports show it. */
    public String describe() {
        StringBuilder s = new StringBuilder("task \"").append(fullName()).append("\" ").append(status)
                .append(ignored ? " (ignored)" : "").append(" on host ").append(host);
        if (!play.isEmpty()) {
            s.append(" (play \"").append(play).append("\")");
        }
        if (!msg.isEmpty()) {
            s.append(": ").append(msg);
        }
        if (!itemMessages.isEmpty()) {
            s.append(" [failed items: ").append(String.join("; ", itemMessages)).append(']');
        }
        if (!stderr.isEmpty() && !stderr.equals(msg)) {
            s.append(" (stderr: ").append(stderr.strip()).append(')');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
