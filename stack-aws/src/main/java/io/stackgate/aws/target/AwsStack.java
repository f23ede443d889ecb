package io.stackgate.aws.target;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.stack.StackNames;
import io.stackgate.verify.target.Node;
import java.util.List;
import java.util.Optional;

/**
 * The deployed stack behind an AWS target ({@code emulated} or {@code live}): the API clients, the names
 * terraform/ gives its resources, and which instance each node is. The AWS checks ask for it; on any
 * other target they are SKIPPED.
 */
public interface AwsStack extends AwsApi {
    @Override
    AwsClients aws();

    StackNames names();

    /** The EC2 instance behind {@code node}, or empty when the node is not an instance (the balancer). */
    Optional<String> instanceId(Node node);

    /** The availability zone of {@code node}'s instance. */
    Optional<String> zoneOf(Node node);

    /**
     * What the target did through the API where moto falls short of AWS, in order (always empty on
     * {@code live}: a real account needs no filling).
     */
    List<EmulatorGap> gapsFilled();

    /** The moto behaviours the target does not fill, each with its consequence (empty on {@code live}). */
    List<String> gapsNotFilled();
}
