package io.stackgate.model.validate;

import io.stackgate.model.Topology;
import java.util.List;

/** A team's own rule, registered through META-INF/services in the test class path. */
public final class TeamRule implements ValidationRule {
    @Override
    public List<Finding> check(Topology t) {
        boolean hasBilling = t.prometheus().scrapeJobs().stream().anyMatch(j -> j.name().equals("billing"));
        return hasBilling ? List.of() : List.of(new Finding("TEAM_REQUIRES_APP_JOB", Severity.WARNING,
                "prometheus.scrapeJobs", "the billing service is not scraped, so its SLO alerts never fire",
                "add a scrape job named billing"));
    }
}
