package io.stackgate.aws.target;

import io.stackgate.verify.target.Capability;
import java.util.List;

/**
 * Application hosts for the topology's EC2-discovered scrape jobs: instances launched through the EC2
 * API with the job's tag, each running a node exporter on the job's port. Offered by the {@code emulated}
 * target only: {@code verify} does not launch instances in a real account.
 */
public interface AppHosts extends Capability {
    /**
     * Launches one instance tagged for scrape job {@code job} (RunInstances) and returns its id once it
     * is running with its exporter answering.
     *
     * @throws IllegalArgumentException when {@code job} is not an EC2-discovered job of the topology
     */
    String launch(String job);

    /** Terminates an application host (TerminateInstances) and returns once its exporter is gone. */
    void terminate(String instanceId);

    /** The running application hosts of {@code job}: instance id → {@code ip:port}. */
    java.util.Map<String, String> running(String job);

    /** The EC2-discovered scrape jobs of the topology. */
    List<String> jobs();
}
