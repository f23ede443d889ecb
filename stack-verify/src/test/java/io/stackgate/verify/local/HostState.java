package io.stackgate.verify.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stackgate.verify.local.net.AzNetwork;
import io.stackgate.verify.local.net.Availability;
import io.stackgate.runtime.Exec;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a run of the local target may leave behind on the host: network namespaces, links of the root
 * namespace (names only) and the processes descending from this JVM. Names of AZ networks owned by
 * another JVM ({@code sg<pid><letter>…}) are left out: other runs on this host come and go
 * concurrently (and the next run removes those of dead ones), they are not ours to compare.
 */
record HostState(Set<String> namespaces, Set<String> links, Set<Long> processes) {
    private static final Pattern RUN_NAME = Pattern.compile("^sg(\\d+)\\D.*");

    static void assumeZones() {
        Availability a = AzNetwork.available();
        assumeTrue(a.available(), a.reason());
    }

    static HostState take() {
        Set<String> ns = Exec.of("ip", "netns", "list").run().output().lines().map(l -> l.split("\\s+")[0])
                .filter(n -> !n.isBlank()).filter(HostState::notAnotherRun).collect(Collectors.toCollection(TreeSet::new));
        Set<String> links = Exec.of("ip", "-o", "link", "show").run().output().lines()
                .map(l -> l.split(":\\s+")[1].replaceAll("@.*", "")).filter(HostState::notAnotherRun)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> procs = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toCollection(TreeSet::new));
        return new HostState(ns, links, procs);
    }

    private static boolean notAnotherRun(String name) {
        Matcher m = RUN_NAME.matcher(name);
        if (!m.matches()) {
            return true;
        }
        return Long.parseLong(m.group(1)) == ProcessHandle.current().pid();
    }
}
