package io.stackgate.verify.local;

import io.stackgate.model.Topology;
import io.stackgate.runtime.Binaries;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.TargetProvider;

/**
 * Registers the {@code local} target (real binaries as processes; with root one network namespace per
 * AZ). Setting {@code network}: {@code auto} (default), {@code loopback}, {@code zones}.
 */
public final class LocalTargetProvider implements TargetProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public String description() {
        return "real binaries as processes on loopback; with root, one network namespace per AZ";
    }

    @Override
    public Target start(Topology topology, TargetOptions options) {
        return LocalTarget.start(topology, new Binaries(), options.keepWorkDir(), LocalTarget.Network.of(options));
    }
}
