package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In production a merchant URL cannot make the gateway call its own network. */
class WebhookTargetsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "http://localhost:8000/hook",
                "http://10.1.2.3/hook",
                "http://192.168.1.10/hook",
                "http://172.16.0.1/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook",
                "http://[fd00::1]/hook",
                "http://0.0.0.0/hook"
            })
    void privateLoopbackAndLinkLocalTargetsAreRefused(String url) {
        assertThat(WebhookTargets.refusal(url, false)).isNotNull();
    }

    @Test
    void publicAddressesAndDevModeAreAllowed() {
        assertThat(WebhookTargets.refusal("https://8.8.8.8/hook", false)).isNull();
        assertThat(WebhookTargets.refusal("http://127.0.0.1/hook", true)).isNull();
    }

    @Test
    void otherSchemesAndGarbageAreRefused() {
        assertThat(WebhookTargets.refusal("ftp://8.8.8.8/x", false)).contains("http");
        assertThat(WebhookTargets.refusal("not a url", true)).isNotNull();
    }

    @Test
    void signatureIsHmacSha256OfTimestampDotBody() {
        assertThat(WebhookSignatures.header("whsec_test", 1700000000L, "{}"))
                .isEqualTo("t=1700000000,v1=" + WebhookSignatures.hmac("whsec_test", "1700000000.{}"));
    }
}
