package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** ALLOWED_HOSTS as the seed read it: exact names, a leading dot for subdomains, empty or "*" for any. */
class AllowedHostsTest {

    @Test
    void exactNamesAndSubdomainsAreServedOthersAreNot() {
        List<String> hosts = List.of("pay.onpoint.co.ke", ".onpoint.test");
        assertThat(ApiRequestFilters.hostAllowed(hosts, "pay.onpoint.co.ke")).isTrue();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "PAY.onpoint.co.ke")).isTrue();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "api.onpoint.test")).isTrue();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "onpoint.test")).isTrue();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "evil.com")).isFalse();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "pay.onpoint.co.ke.evil.com"))
                .isFalse();
        assertThat(ApiRequestFilters.hostAllowed(hosts, "notonpoint.test")).isFalse();
        assertThat(ApiRequestFilters.hostAllowed(hosts, null)).isFalse();
    }

    @Test
    void emptyOrStarServesAnyHost() {
        assertThat(ApiRequestFilters.hostAllowed(List.of(), "anything.example")).isTrue();
        assertThat(ApiRequestFilters.hostAllowed(List.of("*"), "anything.example"))
                .isTrue();
    }
}
