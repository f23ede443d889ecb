package io.stackgate.model.render;

import io.stackgate.model.PromDuration;
import io.stackgate.model.Topology;

/** The topology's clocks, compressed when a local or emulated deployment asks for it. */
final class Tempos {
    /** Prometheus' default {@code alerting.alertmanagers[].timeout}. */
    static final long PROMETHEUS_NOTIFY_TIMEOUT_SECONDS = 10;

    /**
     * How often the verifier's own probe metrics are scraped and the probe rule evaluated (local and
     * emulated only). The probe is the harness's instrument, not part of the stack: reading it four times a
     * second takes most of two scrape and evaluation slots out of every alert a check raises, while the
     * path the alert then takes (notify, group_wait, gossip) stays on the stack's compressed clock.
     */
    static final String PROBE_INTERVAL = "250ms";

    private Tempos() {
    }

    /** The compressed scrape (and evaluation) interval in seconds, or null on the topology's own clock. */
    private static Integer compressedScrapeSeconds(Deployment d) {
        return Deployment.tempoOf(d).map(Deployment.Tempo::scrapeIntervalSeconds).orElse(null);
    }

    static String scrapeInterval(Topology t, Deployment d) {
        Integer s = compressedScrapeSeconds(d);
        return s != null ? s + "s" : t.prometheus().scrapeInterval().text();
    }

    static String evaluationInterval(Topology t, Deployment d) {
        Integer s = compressedScrapeSeconds(d);
        return s != null ? s + "s" : t.prometheus().evaluationInterval().text();
    }

    /**
     * How long a replica waits for an Alertmanager to take a batch of alerts: Prometheus' 10 s default
     * on the topology's clock. Prometheus 2 sends each batch to every Alertmanager and sends the next batch
     * only when all have answered or timed out, so an Alertmanager that went silent (a lost AZ, a partition)
     * holds every later alert back for this long; on a compressed clock it is compressed like the scrape
     * interval (never below 1 s), otherwise a rehearsal would wait the AWS seconds on a clock that runs 15
     * times faster. Null (Prometheus' default) on the topology's own clock.
     */
    static String notifyTimeout(Topology t, Deployment d) {
        Integer s = compressedScrapeSeconds(d);
        if (s == null) {
            return null;
        }
        double scaled = PROMETHEUS_NOTIFY_TIMEOUT_SECONDS * s / (double) t.prometheus().scrapeInterval().seconds();
        return PromDuration.ofSeconds(Math.max(1, (long) Math.ceil(scaled))).text();
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
