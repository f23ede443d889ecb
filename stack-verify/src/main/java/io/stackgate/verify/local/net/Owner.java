package io.stackgate.verify.local.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that owns a network: its PID and its start time in clock ticks since boot (field 22
 * of {@code /proc/<pid>/stat}). The pair is written into the bridge's alias, so a PID that the
 * kernel has since given to an unrelated process is not mistaken for a live owner.
 */
record Owner(long pid, long startTicks) {
    private static final Pattern ALIAS = Pattern.compile("stackgate:owner=(\\d+):started=(\\d+)");

    static Owner self() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat"));
    }

    /** The alias put on the bridge: {@code stackgate:owner=<pid>:started=<ticks>} (no spaces, for ip -batch). */
    String alias() {
        return "stackgate:owner=" + pid + ":started=" + startTicks;
    }

    static Optional<Owner> fromAlias(String alias) {
        Matcher m = ALIAS.matcher(alias);
        return m.matches() ? Optional.of(new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /**
     * Whether {@code pid} runs, is not a zombie (a killed owner its parent has not reaped yet is
     * gone for our purpose) and, when {@code stamp} is known, is the very process that stamped it.
     */
    static boolean alive(long pid, Optional<Owner> stamp) {
        Optional<Owner> now = of(pid);
        if (now.isEmpty()) {
            return false;
        }
        return stamp.map(s -> s.pid() != pid || s.startTicks() == now.get().startTicks()).orElse(true);
    }

    /** Reads {@code /proc/<pid>/stat}; empty when the process is gone or a zombie. */
    static Optional<Owner> of(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // the command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f[0].equals("Z") || f[0].equals("X")) {
            return Optional.empty();
        }
        return Optional.of(new Owner(pid, Long.parseLong(f[19])));
    }
}
