package io.stackgate.verify.check;

import io.stackgate.verify.load.Load;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.wait.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Shared pieces of the checks that inject a fault under load. */
final class LoadPhases {
    /** Requests per second through the balancer: above the 50/s the issue asks for. */
    static final int RATE = 100;

    private LoadPhases() {
    }

    static URI queryUri(Balancer balancer) {
        return URI.create(balancer.datasource().toString().replaceAll("/$", "") + "/api/v1/query?query=up");
    }

    /** The client waits longer than the balancer's server timeout plus one retry, as a real client would. */
    static Duration clientTimeout() {
        return Duration.ofSeconds(10);
    }

    static Load start(Balancer balancer) {
        return Load.start(queryUri(balancer), RATE, clientTimeout(), Duration.ofSeconds(90));
    }

    /** Lets the load run until {@code seconds} after its start (a named, bounded wait, not a sleep). */
    static void runUntil(Load load, double seconds, String why) {
        Wait.until(why, Duration.ofMillis((long) (seconds * 1000) + 5_000)).polling(Duration.ofMillis(20))
                .on(load::now, t -> t >= seconds);
    }

    /**
     * The answered throughput a fault check needs: the load sends {@link #RATE}/s; answers are counted
     * from the first request to the last answer, so the tail of slow answers on a busy 2-core machine
     * costs some of it.
     */
    static final double MIN_ANSWERED_PER_SECOND = 0.6 * RATE;

    /**
     * What the client saw, judged against the topology: failed requests against
     * {@link io.stackgate.model.Topology#maxFailedRequests()} (0 with a query tier), the error window and the longest unanswered stretch (both on the
     * topology's clock) against {@code failoverBudgetSeconds}, and the answered throughput.
     */
    static List<String> judge(io.stackgate.model.Topology topology, ClientView seen, double factor, String while_) {
        return judge(topology, seen, factor, while_, topology.maxFailedRequests());
    }

    /** As {@link #judge(io.stackgate.model.Topology, ClientView, double, String)} with its own failed-request limit. */
    static List<String> judge(io.stackgate.model.Topology topology, ClientView seen, double factor, String while_,
            java.util.OptionalInt allowed) {
        List<String> problems = new java.util.ArrayList<>();
        int budget = topology.loadBalancers().failoverBudgetSeconds();
        if (allowed.isPresent() && seen.failed() > allowed.getAsInt()) {
            problems.add(seen.failed() + " of " + seen.requests() + " requests failed while " + while_ + " (allowed: "
                    + allowed.getAsInt() + (topology.query().enabled() ? " with a query tier" : "") + "); "
                    + seen.onAws(factor));
        }
        if (ClientView.real(seen.errorWindowS(), factor) > budget) {
            problems.add("the error window is " + fmt(ClientView.real(seen.errorWindowS(), factor))
                    + " s on the topology's clock, over failoverBudgetSeconds = " + budget);
        }
        if (ClientView.real(seen.longestGapS(), factor) > budget) {
            problems.add("no request was answered for " + fmt(ClientView.real(seen.longestGapS(), factor))
                    + " s on the topology's clock, over failoverBudgetSeconds = " + budget);
        }
        if (seen.completedPerSecond() < MIN_ANSWERED_PER_SECOND) {
            problems.add("only " + fmt(seen.completedPerSecond()) + " requests/s got an answer, below "
                    + fmt(MIN_ANSWERED_PER_SECOND) + "/s of the " + RATE + "/s sent");
        }
        return problems;
    }

    /** Said in every fault check's detail when the topology chose a retrying balancer over ALB semantics. */
    static String balancerNote(io.stackgate.model.Topology topology) {
        return topology.loadBalancers().retrying()
                ? " [balancer: retrying, as the topology chose (loadBalancers.semantics) — an ALB does not retry]" : "";
    }

    static List<String> failureSamples(List<Load.Outcome> outcomes) {
        return outcomes.stream().filter(Load.Outcome::failed).limit(10).map(o -> "failed request: " + o).toList();
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
