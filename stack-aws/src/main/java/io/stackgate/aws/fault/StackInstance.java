package io.stackgate.aws.fault;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One EC2 instance as the control plane sees it before touching it: id, private IP, AZ, state
 * ({@code running}, {@code stopped}, …), its tags and, when it belongs to one, its Auto Scaling group.
 */
public record StackInstance(String id, String privateIp, String zone, String state, Map<String, String> tags,
        Optional<String> group) {
    public StackInstance {
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** The {@code Tier} tag, or empty. */
    public Optional<String> tier() {
        return Optional.ofNullable(tags.get("Tier"));
    }

    /** {@code i-0abc (127.40.1.4, us-east-1a)}. */
    public String describe() {
        return id + " (" + privateIp + ", " + zone + ")";
    }
}
