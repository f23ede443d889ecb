package io.stackgate.aws.emulator;

import java.util.Comparator;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The AMI an emulated stack's launch templates name. An emulator has no Debian images (terraform/
 * looks those up); its nodes are local processes, so any x86_64 EBS-backed Linux image it lists
 * will do. The choice is deterministic: the lowest image id.
 */
public final class EmulatorImages {
    private EmulatorImages() {
    }

    /**
     * @throws EmulatorException when the emulator lists no x86_64 EBS-backed Linux image
     */
    public static String linuxImage(Ec2Client ec2) {
        return ec2.describeImages(r -> r.filters(Filter.builder().name("architecture").values("x86_64").build(),
                Filter.builder().name("root-device-type").values("ebs").build()))
                .images().stream()
                .filter(i -> i.platformDetails() == null || !i.platformDetails().toLowerCase().contains("windows"))
                .filter(i -> i.platform() == null)
                .map(Image::imageId).min(Comparator.naturalOrder())
                .orElseThrow(() -> new EmulatorException("the emulator lists no x86_64 EBS-backed Linux image"));
    }
}
