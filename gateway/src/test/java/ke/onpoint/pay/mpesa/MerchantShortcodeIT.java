package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/**
 * A merchant that brings its own shortcode and passkey: stored encrypted, shown masked, used for its STK pushes and
 * queries (the simulator, like Daraja, refuses a shortcode not linked to the app or a Password from the wrong passkey).
 */
class MerchantShortcodeIT extends GatewayTest {

    static final String PASSKEY = "ownPasskey0123456789abcdefABCDEF";

    @Test
    void aMerchantsOwnShortcodeIsKeptEncryptedAndUsedForItsPayments() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read");
        String shortcode = String.valueOf(600_100 + (int) (System.nanoTime() % 800));

        Reply set = call(
                "PUT",
                "/api/v1/merchants/me/mpesa-shortcodes",
                owner.access(),
                "{\"mode\":\"test\",\"shortcode\":\"" + shortcode + "\",\"passkey\":\"" + PASSKEY + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("passkey").asText()).isEqualTo("…CDEF");
        String stored = jdbc.queryForObject(
                "SELECT secrets FROM merchant_provider_credentials WHERE merchant_id = ?",
                String.class,
                owner.merchantId());
        assertThat(stored).startsWith("v1:").doesNotContain(PASSKEY);
        assertThat(get("/api/v1/merchants/me/mpesa-shortcodes", owner.access()).body())
                .doesNotContain(PASSKEY)
                .contains(shortcode);

        // not yet linked to the app at Safaricom: Daraja refuses the shortcode, so the payment fails
        Reply refused = initiate(key, mpesaBody("254708374149", uniqueReference()));
        assertThat(refused.status()).as(refused.body()).isBetween(400, 599);
        assertThat(refused.json().path("payment_status").asText()).isEqualTo("failed");

        post(
                "/sim/daraja/__sim/shortcodes",
                null,
                "{\"shortcode\":\"" + shortcode + "\",\"passkey\":\"" + PASSKEY + "\"}",
                Map.of());
        Reply paid = initiate(key, mpesaBody("254708374149", uniqueReference()));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        awaitStatus(key, paid.json().path("reference").asText(), "completed");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'merchant.mpesa_shortcode_set'",
                        owner.merchantId()))
                .isEqualTo(1);

        // back to the gateway's shortcode
        assertThat(call("DELETE", "/api/v1/merchants/me/mpesa-shortcodes/test", owner.access(), null)
                        .status())
                .isEqualTo(200);
        assertThat(initiate(key, mpesaBody("254708374149", uniqueReference())).status())
                .isEqualTo(201);
    }

    @Test
    void onlyOwnersSetItAndBadValuesAreRefused() {
        Session owner = register();
        Session developer = member(owner, "developer");
        String body = "{\"mode\":\"test\",\"shortcode\":\"600200\",\"passkey\":\"" + PASSKEY + "\"}";
        assertProblem(call("PUT", "/api/v1/merchants/me/mpesa-shortcodes", developer.access(), body), 403, null);
        assertProblem(
                call(
                        "PUT",
                        "/api/v1/merchants/me/mpesa-shortcodes",
                        owner.access(),
                        "{\"mode\":\"prod\",\"shortcode\":\"12\",\"passkey\":\"short\"}"),
                422,
                "shortcode");
        assertProblem(call("DELETE", "/api/v1/merchants/me/mpesa-shortcodes/live", owner.access(), null), 404, null);
        assertThat(count(
                        "SELECT count(*) FROM merchant_provider_credentials WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
    }
}
