package io.stackgate.verify.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackgate.verify.target.AlertSink;
import io.stackgate.verify.target.Notification;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The settle window runs from the first notification's receipt: a duplicate inside it is counted even when
 * the caller looked late (after the window had passed), one arriving while it is open is waited for, and a
 * probe nobody notified is a timeout, not an empty list.
 * The sink is a list in memory (what the local target's webhook receiver holds), the notifications are
 * stamped as the receiver stamps them.
 */
class NotificationsTest {
    private static final class ListSink implements AlertSink {
        final List<Notification> got = new CopyOnWriteArrayList<>();

        @Override
        public List<Notification> notifications() {
            return List.copyOf(got);
        }

        @Override
        public void raise(String probe, boolean on) {
        }

        void deliver(String probe, Instant at) {
            got.add(new Notification("ops", at, "{}:{probe=\"" + probe + "\"}", "firing", Map.of("probe", probe),
                    List.of(new Notification.Alert("firing", Map.of("alertname", "StackgateProbe", "probe", probe)))));
        }
    }

    @Test
    void aDuplicateInsideTheWindowIsCountedAndAnotherProbesNotificationIsNot() {
        ListSink sink = new ListSink();
        Instant first = Instant.now().minus(Notifications.SETTLE).minusSeconds(1);
        sink.deliver("p", first);
        sink.deliver("p", first.plus(Notifications.SETTLE.minusMillis(500)));
        sink.deliver("other", first);

        List<Notification> got = Notifications.awaitFiring(sink, "p", Duration.ofSeconds(5));

        assertThat(got).hasSize(2).allSatisfy(n -> assertThat(n.fires(Map.of("probe", "p"))).isTrue());
    }

    @Test
    void aDuplicateArrivingWhileTheWindowIsOpenIsWaitedFor() throws Exception {
        ListSink sink = new ListSink();
        sink.deliver("p", Instant.now());
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(Notifications.SETTLE.toMillis() / 2);
            } catch (InterruptedException e) {
                return;
            }
            sink.deliver("p", Instant.now());
        });
        late.start();

        List<Notification> got = Notifications.awaitFiring(sink, "p", Duration.ofSeconds(5));
        late.join();

        assertThat(got).as("the duplicate from a second Alertmanager inside the window").hasSize(2);
    }

    @Test
    void aProbeNobodyNotifiedIsATimeout() {
        ListSink sink = new ListSink();
        sink.deliver("other", Instant.now());

        assertThatThrownBy(() -> Notifications.awaitFiring(sink, "p", Duration.ofMillis(300)))
                .isInstanceOf(Wait.WaitTimeoutException.class).hasMessageContaining("probe=\"p\"");
    }
}
