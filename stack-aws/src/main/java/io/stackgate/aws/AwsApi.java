package io.stackgate.aws;

import io.stackgate.verify.target.Capability;

/**
 * The AWS API a target's stack is deployed behind (an emulator or an account): what the chaos
 * hypothesis probes and the chaos planner read. The {@code emulated} and {@code live} targets offer it; the local one
 * does not, and those probes are then SKIPPED with the reason.
 */
public interface AwsApi extends Capability {
    /** Clients for the stack's account and region; owned by the target (do not close them). */
    AwsClients aws();
}
