package io.stackgate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 CIDR block. IPv4 blocks can be split into subnets. */
public record Cidr(String text, boolean ipv6, long address, int prefix) {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*/(\\d{1,3})");

    /**
     * Parses {@code 10.40.0.0/16} or an IPv6 block such as {@code ::/0}. IPv4 host bits must be zero.
     *
     * @throws IllegalArgumentException with what is wrong and an example of a valid value
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a CIDR block such as 10.40.0.0/16 is required");
        }
        Matcher m = V4.matcher(text);
        if (m.matches()) {
            long addr = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                if (octet > 255) {
                    throw new IllegalArgumentException("\"" + text + "\" is not a CIDR block: octet " + octet + " > 255");
                }
                addr = (addr << 8) | octet;
            }
            int prefix = Integer.parseInt(m.group(5));
            if (prefix > 32) {
                throw new IllegalArgumentException("\"" + text + "\" is not a CIDR block: prefix /" + prefix + " > /32");
            }
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            if ((addr & ~mask & 0xFFFFFFFFL) != 0) {
                throw new IllegalArgumentException("\"" + text + "\" has host bits set: did you mean "
                        + format(addr & mask, prefix) + "?");
            }
            return new Cidr(text, false, addr, prefix);
        }
        Matcher m6 = V6.matcher(text);
        if (m6.matches() && Integer.parseInt(m6.group(1)) <= 128) {
            return new Cidr(text, true, 0, Integer.parseInt(m6.group(1)));
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a CIDR block (expected e.g. 10.40.0.0/16)");
    }

    /** True for 0.0.0.0/0 and ::/0. */
    public boolean isWorld() {
        return prefix == 0;
    }

    /**
     * Splits this IPv4 block into {@code count} equal subnets of the given extra prefix bits, in
     * address order — the same result as Terraform's {@code cidrsubnet(block, newbits, i)}.
     */
    public List<Cidr> subnets(int newBits, int count) {
        if (ipv6) {
            throw new IllegalStateException("IPv6 blocks are not split");
        }
        int p = prefix + newBits;
        if (p > 32 || count > (1L << newBits)) {
            throw new IllegalArgumentException(text + " cannot hold " + count + " subnets of /" + p);
        }
        List<Cidr> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long a = address + ((long) i << (32 - p));
            out.add(new Cidr(format(a, p), false, a, p));
        }
        return out;
    }

    private static String format(long addr, int prefix) {
        return ((addr >> 24) & 255) + "." + ((addr >> 16) & 255) + "." + ((addr >> 8) & 255) + "." + (addr & 255)
                + "/" + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
