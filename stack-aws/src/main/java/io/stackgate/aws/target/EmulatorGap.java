package io.stackgate.aws.target;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the emulated target did through the AWS API because moto does not do it where AWS would
 * (DESIGN.md, "Fidelity": moto's gaps are filled in the open). {@code gap} names the moto behaviour,
 * {@code action} the API call made instead, {@code resource} what it acted on.
 */
public record EmulatorGap(Instant at, String gap, String action, String resource) {
    /** An Auto Scaling group's new instance registered in the group's target group (moto registers only some). */
    public static final String REGISTRATION = "asg-target-group-registration";
    /** An instance that left its group deregistered from the group's target group (moto leaves it registered). */
    public static final String DEREGISTRATION = "asg-target-group-deregistration";
    /** A replacement moto launched in the group's first subnet moved to the AZ AWS would have chosen. */
    public static final String AZ_BALANCE = "asg-az-balance";

    public EmulatorGap {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(gap, "gap");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    @Override
    public String toString() {
        return at + " " + gap + ": " + action + " (" + resource + ")";
    }
}
