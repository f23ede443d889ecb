package io.stackgate.verify.result;

import java.util.List;

/** What a check decided, with a one-line detail and the evidence behind it. */
public record Verdict(Status status, String detail, List<String> evidence) {
    public Verdict {
        evidence = List.copyOf(evidence);
    }

    public static Verdict passed(String detail, List<String> evidence) {
        return new Verdict(Status.PASSED, detail, evidence);
    }

    public static Verdict failed(String detail, List<String> evidence) {
        return new Verdict(Status.FAILED, detail, evidence);
    }

    public static Verdict skipped(String reason) {
        return new Verdict(Status.SKIPPED, reason, List.of());
    }

    /** PASSED when {@code problems} is empty, else FAILED with the first problem as detail and all as evidence. */
    public static Verdict of(String passDetail, List<String> problems, List<String> evidence) {
        if (problems.isEmpty()) {
            return passed(passDetail, evidence);
        }
        List<String> all = new java.util.ArrayList<>(problems);
        all.addAll(evidence);
        return failed(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), all);
    }
}
