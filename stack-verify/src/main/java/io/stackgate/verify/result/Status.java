package io.stackgate.verify.result;

/** A check's outcome. SKIPPED always carries a reason and never counts as PASSED. */
public enum Status {
    PASSED,
    FAILED,
    SKIPPED
}
