package io.stackgate.verify.result;

import java.util.List;
import java.util.Objects;

/**
 * What one check found: its status, how long it took, a one-line detail (for SKIPPED: the reason;
 * for FAILED: what was expected and what was last seen) and the evidence it collected (figures,
 * log tails, API answers), one item per line.
 */
public record CheckResult(String name, Status status, double seconds, String detail, List<String> evidence) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        evidence = List.copyOf(evidence);
        if (status != Status.PASSED && detail.isBlank()) {
            throw new IllegalArgumentException(status + " needs a detail that says why");
        }
    }
}
