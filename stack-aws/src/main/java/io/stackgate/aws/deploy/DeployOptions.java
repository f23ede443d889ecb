package io.stackgate.aws.deploy;

import java.util.Objects;

/**
 * Inputs of a deploy that the topology does not hold. {@code imageId}: the AMI of every launch
 * template (terraform/ looks up the newest Debian 12 image or takes {@code ami_ids}; an emulator
 * has no Debian images, so the caller names one the emulator lists).
 */
public record DeployOptions(String imageId) {
    public DeployOptions {
        Objects.requireNonNull(imageId, "imageId");
        if (!imageId.startsWith("ami-")) {
            throw new IllegalArgumentException("an AMI id looks like ami-0123456789abcdef0, got " + imageId);
        }
    }
}
