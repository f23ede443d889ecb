package io.stackgate.aws.chaos;

import io.stackgate.aws.AwsApi;
import io.stackgate.aws.AwsClients;
import io.stackgate.aws.fault.AwsControlPlane;
import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.model.render.Renderer;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.ControlPlane;
import io.stackgate.verify.target.Nodes;
import io.stackgate.verify.target.Target;
import java.util.Map;

/**
 * A deployed stack seen only through the AWS API: {@link ControlPlane} ({@link AwsControlPlane}) and
 * {@link AwsApi}, no node processes. {@code stackgate chaos} runs on it when no target of the name
 * asked for is registered: the hypothesis is then the AWS-level probes, and every check that needs
 * {@link Nodes} is SKIPPED with the reason below. Closing it closes nothing of the caller's (the
 * clients belong to who made them).
 */
public final class AwsStackTarget implements Target {
    private final String name;
    private final Topology topology;
    private final Capabilities capabilities;

    public AwsStackTarget(String name, Topology topology, AwsClients aws) {
        this.name = name;
        this.topology = topology;
        AwsApi api = () -> aws;
        this.capabilities = Capabilities.of(name)
                .with(ControlPlane.class, new AwsControlPlane(aws, topology))
                .with(AwsApi.class, api)
                .without(Nodes.class, "no node view: the " + name + " stack is read through the AWS API only ("
                        + aws.connection().describe() + "); node checks need a registered " + name + " target");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public Bundle bundle() {
        return new Renderer().render(topology);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Map<String, Double> figures() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing started here
    }
}
