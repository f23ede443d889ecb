package io.stackgate.verify.local.net;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names one network uses, all under a run id {@code sg<owner pid><letter>}: the letter tells
 * apart the networks one JVM has open at once. Every name stays within the kernel's 15 characters
 * for links (PIDs have at most 7 digits): namespace {@code sg4194304a-6}, bridge {@code
 * sg4194304a-br}, root-side veth {@code sg4194304a-v6}; the namespace side of each veth is {@code
 * eth0}. The probe of {@link AzNetwork#available()} uses {@code sg<pid>-p}, {@code -pb}, {@code -pv}.
 * A name tells its owner's PID, which is how the next run finds the leftovers of a killed one.
 */
record RunNames(long pid, char letter) {
    private static final Pattern OURS = Pattern.compile("sg(\\d{1,7})(?:[a-z]-(?:br|v\\d{1,2}|\\d{1,2})|-p|-pb|-pv)");

    RunNames {
        if (letter < 'a' || letter > 'z') {
            throw new IllegalArgumentException("run letter " + letter + " is not a..z");
        }
    }

    String runId() {
        return "sg" + pid + letter;
    }

    String namespace(int zone) {
        return runId() + "-" + zone;
    }

    String bridge() {
        return runId() + "-br";
    }

    String hostLink(int zone) {
        return runId() + "-v" + zone;
    }

    /** The nftables table (inside a zone's namespace) that holds a partition's drop rules. */
    String nftTable() {
        return runId();
    }

    static String probeNamespace(long pid) {
        return "sg" + pid + "-p";
    }

    static String probeBridge(long pid) {
        return "sg" + pid + "-pb";
    }

    static String probeLink(long pid) {
        return "sg" + pid + "-pv";
    }

    /** The owner PID a namespace or link name of this package encodes; empty for anybody else's name. */
    static Optional<Long> owner(String name) {
        Matcher m = OURS.matcher(name);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The run id ({@code sg<pid><letter>}) of a network's name; empty for probes and foreign names. */
    static Optional<String> runIdOf(String name) {
        if (owner(name).isEmpty()) {
            return Optional.empty();
        }
        int dash = name.indexOf('-');
        String id = name.substring(0, dash);
        return Character.isLetter(id.charAt(id.length() - 1)) ? Optional.of(id) : Optional.empty();
    }
}
