package io.stackgate.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupAmpersandsAndBothQuotes() {
        assertThat(Html.escape("<script>alert(1)</script>")).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Html.escape("a && b \"q\" 'r'")).isEqualTo("a &amp;&amp; b &quot;q&quot; &#39;r&#39;");
    }

    @Test
    void makesControlCharactersVisibleInsteadOfBreakingThePage() {
        assertThat(Html.escape("\u001b[31mred\u001b[0m\r\nnext\tcol")).isEqualTo("\u241b[31mred\u241b[0m\nnext\tcol");
        assertThat(Html.escape("nul\u0000")).isEqualTo("nul\u2400");
    }

    @Test
    void keepsSurrogatePairsAndReplacesLoneSurrogates() {
        assertThat(Html.escape("ok \uD83D\uDE80")).isEqualTo("ok \uD83D\uDE80");
        assertThat(Html.escape("bad \uD83D")).isEqualTo("bad \ufffd");
    }

    @Test
    void nullBecomesADash() {
        assertThat(Html.escape(null)).isEqualTo("\u2014");
    }

    @Test
    void formatsNumbersWithoutLocaleOrExponent() {
        assertThat(Html.decimal(12.30, 3)).isEqualTo("12.3");
        assertThat(Html.decimal(1e7, 3)).isEqualTo("10000000");
        assertThat(Html.decimal(0.6000000000000001, 3)).isEqualTo("0.6");
        assertThat(Html.decimal(-0.0, 3)).isEqualTo("0");
        assertThat(Html.count(1234567)).isEqualTo("1,234,567");
        assertThat(Html.compact(3500)).isEqualTo("3.5k");
        assertThat(Html.compact(1250)).isEqualTo("1250");
        assertThat(Html.compact(2_000_000_000)).isEqualTo("2G");
        assertThat(Html.compact(0.2)).isEqualTo("0.2");
        assertThat(Html.duration(0.7104)).isEqualTo("0.71 s");
        assertThat(Html.duration(81.2376)).isEqualTo("1 min 21.2 s");
    }
}
