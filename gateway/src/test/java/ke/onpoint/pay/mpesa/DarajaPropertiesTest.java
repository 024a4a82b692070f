package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Real Daraja's settings: the result and timeout URLs of reversals, status queries and payouts. */
class DarajaPropertiesTest {

    static DarajaProperties production(String callbackUrl, String resultUrl, String timeoutUrl) {
        return new DarajaProperties(
                "production",
                "https://api.safaricom.co.ke",
                "key",
                "secret",
                "600000",
                "passkey",
                "CustomerPayBillOnline",
                null,
                callbackUrl,
                "callback-token-0123456789",
                List.of(),
                Duration.ofSeconds(60),
                null,
                "api",
                "initiator-password",
                "file:/run/secrets/daraja.cer",
                resultUrl,
                timeoutUrl);
    }

    @Test
    void resultAndTimeoutUrlsSitBesideTheCallbackWhenNotSet() {
        DarajaProperties daraja = production("https://pay.example.com/api/v1/payments/mpesa/callback/", "", null);

        assertThat(daraja.resultUrl("reversal"))
                .isEqualTo("https://pay.example.com/api/v1/payments/mpesa/result/reversal/callback-token-0123456789");
        assertThat(daraja.queueTimeoutUrl("status"))
                .isEqualTo("https://pay.example.com/api/v1/payments/mpesa/timeout/status/callback-token-0123456789");
    }

    @Test
    void setUrlsAreKept() {
        DarajaProperties daraja = production(
                "https://pay.example.com/api/v1/payments/mpesa/callback",
                "https://results.example.com/r",
                "https://results.example.com/t/");

        assertThat(daraja.resultUrl("b2c")).isEqualTo("https://results.example.com/r/b2c/callback-token-0123456789");
        assertThat(daraja.queueTimeoutUrl("b2c"))
                .isEqualTo("https://results.example.com/t/b2c/callback-token-0123456789");
    }

    @Test
    void aCallbackOfAnotherShapeNeedsThemSet() {
        assertThatThrownBy(() -> production("https://pay.example.com/hooks/stk", null, " "))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MPESA_ENV=production needs MPESA_RESULT_URL, MPESA_TIMEOUT_URL");
    }
}
