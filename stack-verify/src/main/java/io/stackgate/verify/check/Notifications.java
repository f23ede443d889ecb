package io.stackgate.verify.check;

import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notifications of a probe alert ({@link AlertSink#raise}): waits for the first and for the window in
 * which duplicates from other Alertmanagers could still arrive, for checks of any module.
 */
public final class Notifications {
    private Notifications() {
    }

    /**
     * How long after the first notification duplicates from other Alertmanagers could still arrive:
     * a clustered Alertmanager at position p waits p × peer timeout (1 s locally) before it sends, so
     * with 3 instances a duplicate would come within 2 s.
     */
    public static final Duration SETTLE = Duration.ofMillis(2_500);

    /**
     * Waits for the first firing notification of {@code probe} (bounded) and then until the settle window
     * after it has passed, and returns every firing notification of it. The window runs from the moment the
     * first one was received (the sink stamps it on this machine's clock), so a caller that looked late —
     * after waiting for something else — does not wait twice.
     */
    public static List<Notification> awaitFiring(AlertSink sink, String probe, Duration bound) {
        Map<String, String> labels = Map.of("alertname", "StackgateProbe", "probe", probe);
        Instant first = Wait.until("a notification for StackgateProbe{probe=\"" + probe + "\"}", bound)
                .polling(Duration.ofMillis(100))
                .on(() -> firing(sink, labels).stream().map(Notification::receivedAt).min(Instant::compareTo),
                        Optional::isPresent)
                .orElseThrow();
        Instant settled = first.plus(SETTLE);
        Wait.until("the settle window after the first notification", SETTLE.plusSeconds(2)).polling(Duration.ofMillis(100))
                .on(Instant::now, now -> !now.isBefore(settled));
        return firing(sink, labels);
    }

    public static List<Notification> firing(AlertSink sink, Map<String, String> labels) {
        return sink.notifications().stream().filter(n -> n.fires(labels)).toList();
    }

    public static String describe(Notification n) {
        return n.receivedAt() + " receiver=" + n.receiver() + " status=" + n.status() + " group=" + n.groupLabels()
                + " alerts=" + n.alerts().stream().map(a -> a.status() + a.labels()).toList();
    }
}
