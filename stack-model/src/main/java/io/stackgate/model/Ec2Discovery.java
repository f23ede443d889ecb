package io.stackgate.model;

import java.time.Duration;
import java.util.regex.Pattern;

/** EC2 service discovery: instances carrying tag {@code tagKey=tagValue}, scraped on {@code port}. */
public record Ec2Discovery(String tagKey, String tagValue, int port, PromDuration refreshInterval) {
    private static final Pattern TAG = Pattern.compile("[\\p{Alnum} _.:/=+@-]{1,128}");

    public Ec2Discovery {
        Checks.matches("tagKey", tagKey, TAG, "an EC2 tag key (1-128 letters, digits, spaces or _.:/=+@-)");
        Checks.matches("tagValue", tagValue, TAG, "an EC2 tag value (1-128 letters, digits, spaces or _.:/=+@-)");
        Checks.range("port", port, 1, 65_535);
        Checks.required("refreshInterval", refreshInterval)
                .within("refreshInterval", Duration.ofSeconds(5), Duration.ofHours(1));
    }

    /** The Prometheus meta label that carries this tag on discovered targets. */
    public String metaLabel() {
        return "__meta_ec2_tag_" + tagKey.replaceAll("[^a-zA-Z0-9_]", "_");
    }
}
