package io.stackgate.verify.check;

import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Raises the probe alert and counts the notifications it produces. */
final class Notifications {
    private Notifications() {
    }

    /**
     * How long after the first notification duplicates from other Alertmanagers could still arrive:
     * a clustered Alertmanager at position p waits p × peer timeout (1 s locally) before it sends, so
     * with 3 instances a duplicate would come within 2 s.
     */
    static final Duration SETTLE = Duration.ofMillis(2_500);

    /**
     * Waits for the first firing notification of {@code probe} (bounded) and then for the settle
     * window, and returns every firing notification of it.
     */
    static List<Notification> awaitFiring(AlertSink sink, String probe, Duration bound) {
        Map<String, String> labels = Map.of("alertname", "StackgateProbe", "probe", probe);
        Wait.until("a notification for StackgateProbe{probe=\"" + probe + "\"}", bound).polling(Duration.ofMillis(100))
                .on(() -> firing(sink, labels).size(), n -> n > 0);
        long settleUntil = System.nanoTime() + SETTLE.toNanos();
        Wait.until("the settle window after the first notification", SETTLE.plusSeconds(2)).polling(Duration.ofMillis(100))
                .on(System::nanoTime, t -> t >= settleUntil);
        return firing(sink, labels);
    }

    static List<Notification> firing(AlertSink sink, Map<String, String> labels) {
        return sink.notifications().stream().filter(n -> n.fires(labels)).toList();
    }

    static String describe(Notification n) {
        return n.receivedAt() + " receiver=" + n.receiver() + " status=" + n.status() + " group=" + n.groupLabels()
                + " alerts=" + n.alerts().stream().map(a -> a.status() + a.labels()).toList();
    }
}
