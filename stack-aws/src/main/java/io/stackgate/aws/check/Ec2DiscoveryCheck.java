package io.stackgate.aws.check;

import io.stackgate.aws.target.AppHosts;
import io.stackgate.aws.target.AwsStack;
import io.stackgate.model.ScrapeJob;
import io.stackgate.verify.api.PrometheusApi;
import io.stackgate.verify.check.Check;
import io.stackgate.verify.check.CheckContext;
import io.stackgate.verify.check.Footprint;
import io.stackgate.verify.result.Verdict;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.Tier;
import io.stackgate.verify.wait.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Prometheus's EC2 discovery against the EC2 API: every running instance tagged for an EC2-discovered job is
 * a target of every replica (and nothing else is); an instance launched with the tag appears within one
 * refresh (plus Prometheus's 5 s hand-over tick and a scrape); a terminated one disappears as fast. Times are
 * also given on the topology's clock (its {@code refreshInterval}).
 */
public final class Ec2DiscoveryCheck implements Check {
    /** Prometheus 2.x hands discovered targets to the scrape loop on a 5 s tick. */
    static final Duration HANDOVER = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "ec2-discovery";
    }

    @Override
    public List<Class<? extends Capability>> requires() {
        return List.of(AwsStack.class, Nodes.class, AppHosts.class);
    }

    /**
     * Reads which targets the replicas discover; launches and terminates a tagged host, which the replicas
     * then scrape and drop (a series that ends).
     */
    @Override
    public Footprint footprint() {
        return Footprint.reading(Footprint.Part.TARGETS).disturbing(Footprint.Part.TARGETS, Footprint.Part.SCRAPING);
    }

    @Override
    public Verdict run(Target target, CheckContext ctx) {
        AwsStack stack = target.require(AwsStack.class);
        Nodes nodes = target.require(Nodes.class);
        AppHosts hosts = target.require(AppHosts.class);
        List<Node> proms = nodes.nodes(Tier.PROMETHEUS);
        List<ScrapeJob> jobs = target.topology().prometheus().scrapeJobs().stream().filter(j -> j.ec2Discovery() != null)
                .toList();
        if (jobs.isEmpty()) {
            return Verdict.skipped("the topology has no EC2-discovered scrape job");
        }
        Duration refresh = Clocks.refreshInterval(target);
        Duration bound = refresh.plus(HANDOVER).plus(Clocks.scrapeInterval(target).multipliedBy(2)).plusSeconds(2);
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (ScrapeJob job : jobs) {
            Set<String> tagged = tagged(stack, job);
            for (Node p : proms) {
                try {
                    Wait.until(p.id() + " scraping every running instance tagged " + job.ec2Discovery().tagKey() + "="
                            + job.ec2Discovery().tagValue() + " " + tagged, bound).polling(Duration.ofMillis(200))
                            .on(() -> targets(p, job.name()), tagged::equals);
                    evidence.add(p.id() + ": job " + job.name() + " has exactly the " + tagged.size()
                            + " tagged running instances " + tagged);
                } catch (Wait.WaitTimeoutException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        ScrapeJob job = jobs.get(0);
        String id = hosts.launch(job.name());
        long t0 = System.nanoTime();
        String address = hosts.running(job.name()).get(id);
        evidence.add("launched " + id + " at " + address + " tagged for job " + job.name() + " (RunInstances)");
        double appear = await(proms, job.name(), address, true, bound, problems);
        hosts.terminate(id);
        long t1 = System.nanoTime();
        evidence.add("terminated " + id + " (TerminateInstances)");
        double disappear = await(proms, job.name(), address, false, bound, problems);
        double real = job.ec2Discovery().refreshInterval().seconds() / (double) refresh.toSeconds();
        if (!Double.isNaN(appear)) {
            ctx.figure("ec2_discovery_appear_s", appear);
            ctx.figure("ec2_discovery_appear_real_s", appear * real);
        }
        if (!Double.isNaN(disappear)) {
            ctx.figure("ec2_discovery_disappear_s", disappear);
            ctx.figure("ec2_discovery_disappear_real_s", disappear * real);
        }
        evidence.add("refresh here " + refresh.toMillis() + " ms, on the topology's clock "
                + job.ec2Discovery().refreshInterval().text() + "; bound " + bound.toMillis() + " ms (one refresh + "
                + HANDOVER.toSeconds() + " s hand-over + 2 scrapes); appeared after " + Clocks.fmt(appear) + " s (~"
                + Clocks.fmt(appear * real) + " s on AWS), gone " + Clocks.fmt(disappear) + " s (~" + Clocks.fmt(disappear * real)
                + " s on AWS) after " + (t1 > t0 ? "its termination" : "?"));
        return Verdict.of("every tagged running instance discovered by all " + proms.size() + " replicas; a new one "
                + "appeared in " + Clocks.fmt(appear) + " s, a terminated one left in " + Clocks.fmt(disappear) + " s",
                problems, evidence);
    }

    /** Seconds until {@code address} is ({@code present}) or is no longer a target of every replica; NaN on timeout. */
    private static double await(List<Node> proms, String job, String address, boolean present, Duration bound,
            List<String> problems) {
        long t0 = System.nanoTime();
        try {
            Wait.until(address + (present ? " discovered by" : " gone from") + " every replica's job " + job, bound)
                    .polling(Duration.ofMillis(100))
                    .on(() -> proms.stream().map(p -> targets(p, job).contains(address)).toList(),
                            seen -> seen.stream().allMatch(s -> s == present));
            return (System.nanoTime() - t0) / 1e9;
        } catch (Wait.WaitTimeoutException e) {
            problems.add((present ? "a newly launched tagged instance was not discovered within one refresh: "
                    : "a terminated instance stayed a target beyond one refresh: ") + e.getMessage());
            return Double.NaN;
        }
    }

    private static Set<String> targets(Node p, String job) {
        return PrometheusApi.of(p).targets().stream().filter(t -> t.job().equals(job)).map(PrometheusApi.Target::instance)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code ip:port} of every running instance carrying the job's tag, from DescribeInstances. */
    private static Set<String> tagged(AwsStack stack, ScrapeJob job) {
        Set<String> out = new TreeSet<>();
        stack.aws().ec2().describeInstancesPaginator(r -> r.filters(
                Filter.builder().name("tag:" + job.ec2Discovery().tagKey()).values(job.ec2Discovery().tagValue()).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations()
                .forEach(res -> res.instances().forEach(i -> out.add(i.privateIpAddress() + ":" + job.ec2Discovery().port())));
        return out;
    }

}
