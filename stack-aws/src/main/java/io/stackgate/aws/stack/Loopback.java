package io.stackgate.aws.stack;

import io.stackgate.model.Cidr;

/**
 * The emulated VPC's address block: the topology's block moved into 127.0.0.0/8 (first octet
 * replaced by 127, prefix kept), so every private IP the emulator hands out is a loopback address
 * a local process can bind. moto checks only the prefix length of a VPC block.
 */
public final class Loopback {
    private Loopback() {
    }

    /**
     * {@code 10.40.0.0/16} → {@code 127.40.0.0/16}.
     *
     * @throws IllegalArgumentException for IPv6 or a block wider than /8
     */
    public static Cidr remap(Cidr block) {
        if (block.ipv6() || block.prefix() < 8) {
            throw new IllegalArgumentException("only IPv4 blocks of /8 or longer move into 127.0.0.0/8, got " + block);
        }
        long a = (block.address() & 0x00FFFFFFL) | 0x7F000000L;
        return Cidr.parse(((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255) + "/"
                + block.prefix());
    }
}
