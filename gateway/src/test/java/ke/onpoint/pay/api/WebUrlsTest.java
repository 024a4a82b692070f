package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Merchant URLs (webhook, callback_url) are plain http(s) addresses: never with credentials in them. */
class WebUrlsTest {

    @Test
    void webhookUrlWithCredentialsIsRefused() {
        assertThat(WebUrls.isWebUrl("https://user:pass@merchant.example/hook")).isFalse();
        assertThat(WebUrls.isWebUrl("https://user@merchant.example/hook")).isFalse();
        assertThat(WebUrls.isWebUrl("http://:secret@merchant.example:8443/hook"))
                .isFalse();
    }

    @Test
    void plainWebUrlsAreAccepted() {
        assertThat(WebUrls.isWebUrl("https://merchant.example/hooks/onpoint?source=gateway"))
                .isTrue();
        assertThat(WebUrls.isWebUrl("http://localhost:9000/hook")).isTrue();
        assertThat(WebUrls.isWebUrl("ftp://merchant.example/hook")).isFalse();
    }
}
