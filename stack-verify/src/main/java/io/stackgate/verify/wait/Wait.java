package io.stackgate.verify.wait;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A named, bounded wait: an immutable value (alias, timeout, poll interval) that polls a probe until
 * a condition holds. On timeout it throws {@link WaitTimeoutException} saying which condition, how
 * long, and what was last seen.
 */
public record Wait(String alias, Duration timeout, Duration poll) {
    public static Wait until(String alias, Duration timeout) {
        return new Wait(alias, timeout, Duration.ofMillis(100));
    }

    public Wait polling(Duration interval) {
        return new Wait(alias, timeout, interval);
    }

    /** Polls {@code probe} until {@code ok} accepts its value; returns that value. */
    public <T> T on(Supplier<T> probe, Predicate<T> ok) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return Awaitility.await(alias).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll)
                    .pollInSameThread().ignoreExceptions()
                    .until(() -> {
                        T v = probe.get();
                        last.set(v);
                        return v;
                    }, ok::test);
        } catch (ConditionTimeoutException e) {
            throw new WaitTimeoutException(alias, timeout, String.valueOf(last.get()));
        }
    }

    /** Timed out: says which condition, how long, and what was last observed. */
    public static final class WaitTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String lastSeen;

        WaitTimeoutException(String alias, Duration timeout, String lastSeen) {
            super("timed out after " + seconds(timeout) + " waiting for " + alias + "; last seen: " + lastSeen);
            this.lastSeen = lastSeen;
        }

        public String lastSeen() {
            return lastSeen;
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
        }
    }
}
