package io.stackgate.aws.deploy;

import java.time.Duration;
import java.util.List;

/**
 * A stack the {@link Deployer} created: its name, where, every resource in creation order and how
 * long the deploy took. {@link Deployer#destroy(Deployment)} removes it.
 */
public final class Deployment {
    private final String stack;
    private final String endpoint;
    private final Ledger ledger;
    private final Duration took;

    Deployment(String stack, String endpoint, Ledger ledger, Duration took) {
        this.stack = stack;
        this.endpoint = endpoint;
        this.ledger = ledger;
        this.took = took;
    }

    public String stack() {
        return stack;
    }

    /** The emulator (or AWS region) the stack lives in. */
    public String endpoint() {
        return endpoint;
    }

    /** Every resource created, in creation order. */
    public List<DeployedResource> resources() {
        return ledger.resources();
    }

    /** The ids created for one Terraform address, in creation order. */
    public List<String> ids(String address) {
        return resources().stream().filter(r -> r.address().equals(address)).map(DeployedResource::id).toList();
    }

    public Duration took() {
        return took;
    }

    Ledger ledger() {
        return ledger;
    }
}
