package io.stackgate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --region}, {@code --endpoint}, {@code --via} of the AWS targets, handed to them as target settings. */
final class AwsTargetOptions {
    @Option(names = "--region", paramLabel = "R", description = "AWS region of the live target (default: the topology's)")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "AWS API endpoint of the live target, e.g. the \"aws endpoint\" `up --target emulated` prints")
    String endpoint;

    @Option(names = "--via", paramLabel = "HOW", description = "how the live target reaches nodes: private-ip (default, "
            + "run inside the VPC) or load-balancer")
    String via;

    Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        if (region != null) {
            out.put("region", region);
        }
        if (endpoint != null) {
            out.put("endpoint", endpoint);
        }
        if (via != null) {
            out.put("via", via);
        }
        return out;
    }
}
