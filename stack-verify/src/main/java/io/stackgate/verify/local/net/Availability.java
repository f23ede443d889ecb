package io.stackgate.verify.local.net;

import java.util.Objects;

/**
 * Whether a capability works on this machine, and when it does not, why (in words a user can act
 * on: what is missing and how to get it). Checks that need the capability report SKIPPED with
 * {@link #reason()}.
 */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable capability needs a reason");
        }
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
