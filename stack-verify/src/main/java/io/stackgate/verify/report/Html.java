package io.stackgate.verify.report;

import io.stackgate.verify.result.Report;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Escaping and number formatting for the HTML report; locale-independent on purpose. */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values. Control characters (ANSI
     * colour codes in log tails, NUL, …) become their visible Unicode "control picture" so they
     * neither break the page nor vanish; a null becomes an em dash.
     */
    static String escape(String text) {
        if (text == null) {
            return "\u2014";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                case '\r' -> {
                    // CRLF log lines: keep the line break, drop the CR
                }
                default -> {
                    if (c < 0x20) {
                        out.append((char) (0x2400 + c));
                    } else if (c == 0x7f) {
                        out.append('\u2421');
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < text.length()
                                && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            out.append('\ufffd'); // a lone surrogate cannot be written as UTF-8
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** At most {@code decimals} decimals, no trailing zeros, no exponent: 12.3, 0.71, 3500. */
    static String decimal(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "\u2014";
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        String s = d.compareTo(BigDecimal.ZERO) == 0 ? "0" : d.toPlainString();
        return s;
    }

    /** Coordinates in SVG: one decimal, so the same Report always gives the same attributes. */
    static String coord(double value) {
        return decimal(value, 1);
    }

    /** 1234567 → "1,234,567". */
    static String count(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value);
    }

    /** Axis labels: 0, 0.2, 950, 3.5k, 12M, 2G. */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return decimal(value / 1e9, 2) + "G";
        }
        if (abs >= 1e6) {
            return decimal(value / 1e6, 2) + "M";
        }
        if (abs >= 1e4 || (abs >= 1e3 && decimal(value / 1e3, 2).length() <= 3)) {
            return decimal(value / 1e3, 2) + "k";
        }
        return decimal(value, 3);
    }

    /** A duration for people: 0.712 s, 12.3 s, 2 min 5.1 s. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "\u2014";
        }
        if (seconds < 60) {
            return decimal(seconds, seconds < 10 ? 3 : 1) + " s";
        }
        long minutes = (long) (seconds / 60);
        return minutes + " min " + decimal(seconds - minutes * 60, 1) + " s";
    }
}
