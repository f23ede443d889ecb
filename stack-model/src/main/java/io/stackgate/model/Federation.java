package io.stackgate.model;

import java.util.List;

/**
 * Federation layout. {@code global}: a separate global Prometheus pulls {@code /federate} from every
 * replica with the series selectors in {@code match}. {@code mutual}: the replicas federate each
 * other (a finding).
 */
public record Federation(FederationMode mode, List<String> match) {
    public static final List<String> DEFAULT_MATCH = List.of("{job=~\".+\"}");

    public Federation {
        Checks.required("mode", mode);
        match = Checks.list("match", match);
        if (match.isEmpty()) {
            throw new TopologyException("match", "needs at least one series selector, e.g. '{job=~\".+\"}'");
        }
        for (String m : match) {
            if (m.isBlank() || !(m.contains("{") || m.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"))) {
                throw new TopologyException("match", "\"" + m + "\" is not a series selector, e.g. '{job=\"node\"}'");
            }
        }
    }

    public static Federation none() {
        return new Federation(FederationMode.NONE, DEFAULT_MATCH);
    }
}
