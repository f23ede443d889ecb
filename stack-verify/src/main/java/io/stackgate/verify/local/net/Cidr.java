package io.stackgate.verify.local.net;

/**
 * An IPv4 prefix such as {@code 10.231.8.0/24}; enough arithmetic to tell whether two prefixes
 * share an address.
 */
record Cidr(int network, int length) {
    Cidr {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0..32");
        }
        network &= mask(length);
    }

    /** Parses {@code a.b.c.d/n} or a bare address ({@code /32}), as {@code ip -j route} prints them. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + text);
        }
        int value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 prefix: " + text);
            }
            value = value << 8 | octet;
        }
        return new Cidr(value, length);
    }

    boolean overlaps(Cidr other) {
        int shorter = Math.min(length, other.length);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    @Override
    public String toString() {
        return (network >>> 24) + "." + (network >>> 16 & 255) + "." + (network >>> 8 & 255) + "." + (network & 255)
                + "/" + length;
    }
}
