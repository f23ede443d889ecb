package io.stackgate.model;

import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Topologies shared by the tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The repository's {@code examples/} directory, found from any module's working directory. */
    public static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("examples");
    }

    public static Topology example(String name) {
        try {
            return new TopologyLoader().load(examples().resolve(name));
        } catch (TopologyLoadException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A topology with no finding at all: 2 AZs, 2 replicas of everything, TLS, no open ports. */
    public static Topology clean() {
        return Topology.builder()
                .name("clean")
                .region("us-east-1")
                .availabilityZones("us-east-1a", "us-east-1b")
                .vpcCidr("10.40.0.0/16")
                .prometheus(p -> p.replicas(2)
                        .addScrapeJob(ScrapeJob.ec2("node", new Ec2Discovery("monitoring", "node", 9100,
                                PromDuration.parse("60s"))))
                        .addScrapeJob(ScrapeJob.ofStatic("app", List.of("app.internal:8080"))))
                .alertmanager(a -> a.replicas(2))
                .grafana(g -> g.replicas(2))
                .publicLoadBalancer(new PublicLoadBalancer(true,
                        new Tls("arn:aws:acm:us-east-1:123456789012:certificate/abc-123", TlsVersion.TLS1_2),
                        List.of(Cidr.parse("0.0.0.0/0"))))
                .build();
    }
}
