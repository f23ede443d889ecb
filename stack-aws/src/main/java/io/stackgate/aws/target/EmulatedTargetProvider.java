package io.stackgate.aws.target;

import io.stackgate.model.Topology;
import io.stackgate.runtime.Binaries;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.TargetProvider;

/** Registers the {@code emulated} target (the stack deployed into moto, every instance a real binary). */
public final class EmulatedTargetProvider implements TargetProvider {
    @Override
    public String name() {
        return "emulated";
    }

    @Override
    public String description() {
        return "the stack deployed into a moto AWS emulator, every instance backed by the real binary";
    }

    @Override
    public Target start(Topology topology, TargetOptions options) {
        return EmulatedTarget.start(topology, new Binaries());
    }
}
