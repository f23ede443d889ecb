package io.stackgate.aws;

import io.stackgate.aws.deploy.DeployOptions;
import io.stackgate.aws.emulator.EmulatorImages;
import io.stackgate.aws.emulator.MotoServer;
import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: the repository, the seed topology, clients for a moto server. */
public final class Emulated {
    private Emulated() {
    }

    public static Path repo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("terraform/modules")) && Files.exists(dir.resolve("examples/seed-2az.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the stackgate repository: " + Path.of("").toAbsolutePath());
    }

    public static Topology seed() {
        try {
            return new TopologyLoader().load(repo().resolve("examples/seed-2az.yaml"));
        } catch (io.stackgate.model.load.TopologyLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AwsClients clients(MotoServer moto, Topology t) {
        return AwsClients.of(AwsConnection.emulator(t.region(), moto.endpoint()));
    }

    public static DeployOptions options(AwsClients aws) {
        return new DeployOptions(EmulatorImages.linuxImage(aws.ec2()));
    }
}
