package io.stackgate.ansible;

import java.util.Locale;

/** How one task ended on one host, as Ansible reports it. */
public enum TaskStatus {
    /** Ran and changed nothing (in check mode: would change nothing). */
    OK,
    /** Ran and changed something (in check mode: would change something). */
    CHANGED,
    /** Failed; see {@link TaskOutcome#ignored()} for {@code ignore_errors}. */
    FAILED,
    /** Not run: its {@code when} was false, or the module skipped itself. */
    SKIPPED,
    /** The host could not be reached. */
    UNREACHABLE;

    static TaskStatus parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown task status \"" + s + "\" (expected ok, changed, failed,"
                    + " skipped or unreachable)", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
