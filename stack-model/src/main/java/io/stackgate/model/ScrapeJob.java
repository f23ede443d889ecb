package io.stackgate.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A user scrape job: either EC2 discovery or a static list of {@code host:port} targets. */
public record ScrapeJob(String name, String metricsPath, Ec2Discovery ec2Discovery, List<String> staticTargets) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_-]{0,62}");
    private static final Pattern TARGET = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252})?:\\d{1,5}");
    /** Job names the renderer uses for meta-monitoring. */
    public static final Set<String> RESERVED = Set.of("prometheus", "alertmanager", "grafana", "federate");

    public ScrapeJob {
        Checks.matches("name", name, NAME, "a job name (letters, digits, _ and -, starting with a letter or _)");
        if (RESERVED.contains(name)) {
            throw new TopologyException("name", "\"" + name + "\" is reserved for meta-monitoring; pick another job name");
        }
        if (metaPathInvalid(metricsPath)) {
            throw new TopologyException("metricsPath", "must start with /, got \"" + metricsPath + "\"");
        }
        staticTargets = Checks.list("staticTargets", staticTargets);
        if (ec2Discovery == null && staticTargets.isEmpty()) {
            throw new TopologyException("name", "job \"" + name + "\" needs ec2Discovery or staticTargets");
        }
        if (ec2Discovery != null && !staticTargets.isEmpty()) {
            throw new TopologyException("staticTargets", "job \"" + name
                    + "\" has both ec2Discovery and staticTargets; split it into two jobs");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < staticTargets.size(); i++) {
            String t = staticTargets.get(i);
            if (!TARGET.matcher(t).matches() || Integer.parseInt(t.substring(t.lastIndexOf(':') + 1)) > 65_535) {
                throw new TopologyException("staticTargets[" + i + "]", "must be host:port, got \"" + t + "\"");
            }
            if (!seen.add(t)) {
                throw new TopologyException("staticTargets[" + i + "]", "\"" + t + "\" is listed twice");
            }
        }
    }

    private static boolean metaPathInvalid(String path) {
        return path == null || !path.startsWith("/") || path.contains(" ");
    }

    public static ScrapeJob ec2(String name, Ec2Discovery discovery) {
        return new ScrapeJob(name, "/metrics", discovery, List.of());
    }

    public static ScrapeJob ofStatic(String name, List<String> targets) {
        return new ScrapeJob(name, "/metrics", null, targets);
    }
}
