package io.stackgate.verify.check;

import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Wait;
import io.stackgate.verify.fault.Load;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Shared pieces of the checks that inject a fault under load. */
final class LoadPhases {
    /** Requests per second through the balancer: above the 50/s the issue asks for. */
    static final int RATE = 100;

    private LoadPhases() {
    }

    static URI queryUri(Environment env) {
        return URI.create(env.prometheusLoadBalancer().toString().replaceAll("/$", "") + "/api/v1/query?query=up");
    }

    /** The client waits longer than the balancer's server timeout plus one retry, as a real client would. */
    static Duration clientTimeout(Environment env) {
        return Duration.ofSeconds(10);
    }

    static Load start(Environment env) {
        return Load.start(queryUri(env), RATE, clientTimeout(env), Duration.ofSeconds(90));
    }

    /** Lets the load run until {@code seconds} after its start (a named, bounded wait, not a sleep). */
    static void runUntil(Load load, double seconds, String why) {
        Wait.until(why, Duration.ofMillis((long) (seconds * 1000) + 5_000)).polling(Duration.ofMillis(20))
                .on(load::now, t -> t >= seconds);
    }

    static List<String> failureSamples(List<Load.Outcome> outcomes) {
        return outcomes.stream().filter(Load.Outcome::failed).limit(10).map(o -> "failed request: " + o).toList();
    }

    static double rate(List<Load.Outcome> outcomes) {
        if (outcomes.size() < 2) {
            return 0;
        }
        double span = outcomes.get(outcomes.size() - 1).start() - outcomes.get(0).start();
        return span <= 0 ? 0 : outcomes.size() / span;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
