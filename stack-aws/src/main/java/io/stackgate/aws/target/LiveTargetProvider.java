package io.stackgate.aws.target;

import io.stackgate.model.Topology;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.TargetProvider;
import java.net.URI;
import java.util.Locale;

/**
 * Registers the {@code live} target. Settings: {@code region} (default: the topology's), {@code endpoint}
 * (an API endpoint override), {@code via} ({@code private-ip}, the default, or {@code load-balancer}).
 */
public final class LiveTargetProvider implements TargetProvider {
    @Override
    public String name() {
        return "live";
    }

    @Override
    public String description() {
        return "a deployed stack in an AWS account (default credential chain; --region, --endpoint, --via)";
    }

    /** @throws IllegalArgumentException for a {@code via} other than private-ip or load-balancer */
    @Override
    public Target start(Topology topology, TargetOptions options) {
        String via = options.setting("via").orElse("private-ip");
        LiveTarget.Via v = switch (via.toLowerCase(Locale.ROOT)) {
            case "private-ip" -> LiveTarget.Via.PRIVATE_IP;
            case "load-balancer" -> LiveTarget.Via.LOAD_BALANCER;
            default -> throw new IllegalArgumentException("--via must be private-ip or load-balancer, got " + via);
        };
        return LiveTarget.start(topology, options.setting("region").orElse(topology.region()),
                options.setting("endpoint").map(URI::create), v);
    }

}
