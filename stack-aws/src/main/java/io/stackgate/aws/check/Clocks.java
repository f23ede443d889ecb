package io.stackgate.aws.check;

import io.stackgate.model.PromDuration;
import io.stackgate.verify.target.Target;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The clocks the target's bundle runs with (compressed on the emulated target), read from what it rendered. */
final class Clocks {
    private Clocks() {
    }

    /** The global scrape interval of the target's {@code prometheus.yml}. */
    static Duration scrapeInterval(Target target) {
        return first(target, "scrape_interval: (\\S+)")
                .orElse(target.topology().prometheus().scrapeInterval().value());
    }

    /** The shortest EC2 discovery {@code refresh_interval} of the target's {@code prometheus.yml}. */
    static Duration refreshInterval(Target target) {
        String yaml = yaml(target);
        Matcher m = Pattern.compile("refresh_interval: (\\S+)").matcher(yaml);
        Duration min = null;
        while (m.find()) {
            Duration d = PromDuration.parse(m.group(1)).value();
            min = min == null || d.compareTo(min) < 0 ? d : min;
        }
        return min == null ? Duration.ofSeconds(60) : min;
    }

    private static java.util.Optional<Duration> first(Target target, String regex) {
        Matcher m = Pattern.compile(regex).matcher(yaml(target));
        return m.find() ? java.util.Optional.of(PromDuration.parse(m.group(1)).value()) : java.util.Optional.empty();
    }

    private static String yaml(Target target) {
        String path = "config/prometheus/prometheus.yml";
        return target.bundle().has(path) ? target.bundle().text(path) : "";
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
