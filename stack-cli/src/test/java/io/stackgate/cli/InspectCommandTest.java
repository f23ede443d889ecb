package io.stackgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.AwsConnection;
import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.deploy.Deployer;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoader;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

/** {@code stackgate inspect} against a real moto server holding the seed stack. */
class InspectCommandTest {
    static final String SEED = Path.of("../examples/seed-2az.yaml").toString();
    static MotoServer moto;
    static AwsClients aws;

    @BeforeAll
    static void deploySeed() throws Exception {
        Topology seed = new TopologyLoader().load(Path.of(SEED));
        moto = MotoServer.start();
        aws = AwsClients.of(AwsConnection.emulator(seed.region(), moto.endpoint()));
        new Deployer(aws).deploy(seed, new DeployOptions(EmulatorImages.linuxImage(aws.ec2())));
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theUntouchedStackConformsWithExitZero() {
        CliRun run = CliRun.of("inspect", SEED, "--target", "emulated", "--endpoint", moto.endpoint().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("no findings");
    }

    @Test
    void liveTargetAtTheEmulatorsEndpointReportsAnOpenExporterPortAsJson() throws Exception {
        String sg = aws.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:Name").values("obs-grafana")
                .build())).securityGroups().get(0).groupId();
        IpPermission open = IpPermission.builder().ipProtocol("tcp").fromPort(9100).toPort(9100)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(open));
        // live uses the SDK's default credential chain; its system-property source stands in for a profile.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            CliRun run = CliRun.of("inspect", SEED, "--target", "live", "--endpoint", moto.endpoint().toString(),
                    "--format", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            JsonNode findings = new ObjectMapper().readTree(run.out()).get("findings");
            assertThat(findings).hasSize(1);
            assertThat(findings.get(0).fieldNames()).toIterable().containsExactly("code", "severity", "path", "message", "fix");
            assertThat(findings.get(0).get("code").asText()).isEqualTo("SEC_EXPORTER_OPEN");
            assertThat(findings.get(0).get("path").asText()).startsWith("aws:ec2:security-group/" + sg + "/ingress[");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            aws.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(open));
        }
    }

    @Test
    void aRegionWithoutTheStackIsUnusableInput() {
        CliRun run = CliRun.of("inspect", SEED, "--target", "emulated", "--endpoint", moto.endpoint().toString(),
                "--region", "eu-west-1");
        assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).contains("no resource of stack obs").contains("eu-west-1").contains("--region");
    }

    @Test
    void anUnreachableEndpointIsUnusableInput() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun run = CliRun.of("inspect", SEED, "--target", "emulated", "--endpoint", "http://127.0.0.1:" + closed);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read the stack from http://127.0.0.1:" + closed);
    }

    @Test
    void emulatedWithoutEndpointDeploysIntoItsOwnMotoAndConforms() {
        CliRun run = CliRun.of("inspect", SEED, "--target", "emulated", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"findings\" : [ ]");
        assertThat(run.err()).containsPattern("emulated: moto at http://127\\.0\\.0\\.1:\\d+, deployed \\d+ resources");
    }
}
