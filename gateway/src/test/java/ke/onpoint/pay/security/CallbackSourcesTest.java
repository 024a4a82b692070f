package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only IP literals are used, so no test depends on DNS. */
class CallbackSourcesTest {

    @Test
    void emptyOrAbsentListAllowsAnySource() {
        assertThat(CallbackSources.allowed(List.of(), "8.8.8.8")).isTrue();
        assertThat(CallbackSources.allowed(null, "8.8.8.8")).isTrue();
        assertThat(CallbackSources.allowed(List.of("", "  "), "8.8.8.8")).isTrue();
    }

    @Test
    void exactIpAllowsOnlyThatAddress() {
        List<String> rules = List.of("196.201.214.200");

        assertThat(CallbackSources.allowed(rules, "196.201.214.200")).isTrue();
        assertThat(CallbackSources.allowed(rules, "196.201.214.201")).isFalse();
    }

    @Test
    void slash24ContainsItsHostsOnly() {
        assertThat(CallbackSources.matches("196.201.214.0/24", "196.201.214.200"))
                .isTrue();
        assertThat(CallbackSources.matches("196.201.214.0/24", "196.201.214.0")).isTrue();
        assertThat(CallbackSources.matches("196.201.214.0/24", "196.201.214.255"))
                .isTrue();
        assertThat(CallbackSources.matches("196.201.214.0/24", "196.201.215.1")).isFalse();
        assertThat(CallbackSources.matches("196.201.214.0/24", "196.201.213.255"))
                .isFalse();
    }

    @Test
    void nonByteAlignedPrefixMasksPartOfAByte() {
        // 196.201.213.0/23 is not aligned (213 is odd), so the block is 196.201.212.0 – 196.201.213.255
        assertThat(CallbackSources.matches("196.201.213.0/23", "196.201.212.10"))
                .isTrue();
        assertThat(CallbackSources.matches("196.201.213.0/23", "196.201.214.10"))
                .isFalse();
        assertThat(CallbackSources.matches("10.0.0.0/28", "10.0.0.15")).isTrue();
        assertThat(CallbackSources.matches("10.0.0.0/28", "10.0.0.16")).isFalse();
    }

    @Test
    void slash32IsASingleAddress() {
        assertThat(CallbackSources.matches("196.201.214.200/32", "196.201.214.200"))
                .isTrue();
        assertThat(CallbackSources.matches("196.201.214.200/32", "196.201.214.201"))
                .isFalse();
    }

    @Test
    void ipv6LoopbackMatchesAsExactAddressAndAsSlash128() {
        assertThat(CallbackSources.matches("::1", "::1")).isTrue();
        assertThat(CallbackSources.matches("::1/128", "::1")).isTrue();
        assertThat(CallbackSources.matches("::1/128", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(CallbackSources.matches("::1/128", "::2")).isFalse();
    }

    @Test
    void ipv6PrefixContainsItsHostsOnly() {
        assertThat(CallbackSources.matches("2001:db8:abcd:12::/64", "2001:db8:abcd:12::5"))
                .isTrue();
        assertThat(CallbackSources.matches("2001:db8:abcd:12::/64", "2001:db8:abcd:13::1"))
                .isFalse();
    }

    @Test
    void ipv4RuleNeverMatchesAnIpv6Address() {
        assertThat(CallbackSources.matches("196.201.214.0/24", "::1")).isFalse();
        assertThat(CallbackSources.matches("0.0.0.0/0", "2001:db8::1")).isFalse();
    }

    @Test
    void ipv6RuleNeverMatchesAnIpv4Address() {
        assertThat(CallbackSources.matches("::/0", "196.201.214.200")).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressIsComparedAsIpv4() {
        assertThat(CallbackSources.matches("196.201.214.0/24", "::ffff:196.201.214.200"))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::zz", "1:2:3:4:5:6:7:8:9", "196.201.214.0/abc", "196.201.214.0/", "196.201.214.0/2 4"})
    void garbageRulesNeverMatch(String rule) {
        assertThat(CallbackSources.matches(rule, "196.201.214.200")).isFalse();
        assertThat(CallbackSources.allowed(List.of(rule), "196.201.214.200")).isFalse();
    }

    @Test
    void garbageAddressNeverMatches() {
        assertThat(CallbackSources.matches("196.201.214.0/24", "::zz")).isFalse();
    }

    @Test
    void anyMatchingRuleAllowsDespiteGarbageAndBlankEntries() {
        List<String> rules = Arrays.asList("::zz", " ", " 196.201.214.0/24 ", "10.0.0.1");

        assertThat(CallbackSources.allowed(rules, "196.201.214.7")).isTrue();
        assertThat(CallbackSources.allowed(rules, "10.0.0.1")).isTrue();
        assertThat(CallbackSources.allowed(rules, "10.0.0.2")).isFalse();
    }

    @Test
    void negativePrefixLengthIsGarbageAndNeverMatches() {
        assertThat(CallbackSources.matches("196.201.214.0/-1", "8.8.8.8")).isFalse();
    }

    @Test
    void ruleWithoutAnAddressIsGarbageAndNeverMatches() {
        assertThat(CallbackSources.matches("/24", "127.0.0.1")).isFalse();
    }

    /** A forwarded address shaped like an IP but not one reached PostgreSQL's ::inet cast and made a 500. */
    @ParameterizedTest
    @ValueSource(
            strings = {"999.1.1.1", "256.0.0.1", "1.2.3.300", "01.2.3.4", ":::::", "1:2", "12345::", "not-an-ip", ""})
    void addressShapedLikeAnIpButInvalidIsNoIpLiteral(String text) {
        assertThat(CallbackSources.isIpLiteral(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "196.201.214.200", "::1", "2001:db8::1", "::ffff:10.0.0.1"})
    void ipLiteralsAreLiterals(String text) {
        assertThat(CallbackSources.isIpLiteral(text)).isTrue();
    }
}
