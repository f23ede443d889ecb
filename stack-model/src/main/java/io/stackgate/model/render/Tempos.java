package io.stackgate.model.render;

import io.stackgate.model.PromDuration;
import io.stackgate.model.Topology;

/** The topology's clocks, compressed when a local or emulated deployment asks for it. */
final class Tempos {
    private Tempos() {
    }

    static String scrapeInterval(Topology t, Deployment d) {
        Integer s = Deployment.tempoOf(d).map(Deployment.Tempo::scrapeIntervalSeconds).orElse(null);
        return s != null ? s + "s" : t.prometheus().scrapeInterval().text();
    }

    static String evaluationInterval(Topology t, Deployment d) {
        Integer s = Deployment.tempoOf(d).map(Deployment.Tempo::scrapeIntervalSeconds).orElse(null);
        return s != null ? s + "s" : t.prometheus().evaluationInterval().text();
    }

    /** An alert's {@code for}, capped by the local tempo. */
    static String alertFor(Deployment d, String normal) {
        Integer cap = Deployment.tempoOf(d).map(Deployment.Tempo::alertForSeconds).orElse(null);
        if (cap == null) {
            return normal;
        }
        long seconds = Math.min(PromDuration.parse(normal).seconds(), cap);
        return seconds == 0 ? "0s" : PromDuration.ofSeconds(seconds).text();
    }
}
