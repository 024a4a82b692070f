package ke.onpoint.pay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.card.CardProperties;
import ke.onpoint.pay.card.CardRail;
import ke.onpoint.pay.flutterwave.FlutterwaveProcessor;
import ke.onpoint.pay.flutterwave.FlutterwaveProperties;
import ke.onpoint.pay.mpesa.DarajaProfiles;
import ke.onpoint.pay.mpesa.DarajaProperties;
import ke.onpoint.pay.mpesa.DarajaTestProperties;
import ke.onpoint.pay.mpesa.MpesaRail;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentRails;
import ke.onpoint.pay.payment.ProviderModes;
import ke.onpoint.pay.paystack.PaystackProcessor;
import ke.onpoint.pay.paystack.PaystackProperties;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.junit.jupiter.api.Test;

/** The test-mode guard over the real rails: each rail says whether its providers are live, the core refuses test keys. */
class ProviderModesTest {

    static final MerchantPrincipal TEST = MerchantPrincipal.apiKey(1, "mch_1", "test", 1, "sk_test_x", Set.of());
    static final MerchantPrincipal LIVE = MerchantPrincipal.apiKey(1, "mch_1", "live", 2, "sk_live_x", Set.of());

    static ProviderModes modes(String mpesaEnv, String testEnv, String paystackKey, String flutterwaveKey) {
        DarajaProperties daraja = new DarajaProperties(
                mpesaEnv,
                "https://x",
                "k",
                "s",
                "174379",
                "p",
                "CustomerPayBillOnline",
                null,
                "https://x/cb",
                "callback-token-0123456789",
                List.of(),
                java.time.Duration.ofSeconds(60),
                null,
                "api",
                "pw",
                "c",
                "https://x/r",
                "https://x/t");
        DarajaTestProperties sandbox = new DarajaTestProperties(
                testEnv,
                "https://sandbox.safaricom.co.ke",
                "tk",
                "ts",
                "174379",
                "passkey",
                "testapi",
                "pw",
                "classpath:c");
        PaystackProperties paystack =
                new PaystackProperties("live", "https://api.paystack.co", paystackKey, "pk", List.of());
        FlutterwaveProperties flutterwave =
                new FlutterwaveProperties("live", "https://api.flutterwave.com", flutterwaveKey, "hash", List.of());
        CardRail cards = new CardRail(
                List.of(new PaystackProcessor(paystack, null), new FlutterwaveProcessor(flutterwave, null)),
                new CardProperties("paystack", null, null));
        return new ProviderModes(
                new PaymentRails(List.of(new MpesaRail(new DarajaProfiles(daraja, sandbox), null), cards)));
    }

    @Test
    void testKeysNeverReachALiveProvider() {
        ProviderModes production = modes("production", "same", "sk_live_abc", "FLWSECK-abc-X");
        assertThatThrownBy(() -> production.check(TEST, PaymentMethod.MPESA))
                .isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).type()).isEqualTo("test-mode-unavailable"));
        assertThatThrownBy(() -> production.check(TEST, PaymentMethod.CARD)).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> modes("production", "none", "sk_test_a", "FLWSECK_TEST-a")
                        .check(TEST, PaymentMethod.MPESA))
                .hasMessageContaining("MPESA_TEST_ENV=none");
        production.check(LIVE, PaymentMethod.MPESA);
        production.check(LIVE, PaymentMethod.CARD);
    }

    @Test
    void aSandboxProfileTakesTestPaymentsBesideProduction() {
        ProviderModes both = modes("production", "sandbox", "sk_test_abc", "FLWSECK_TEST-abc-X");
        both.check(TEST, PaymentMethod.MPESA);
        both.check(TEST, PaymentMethod.CARD);
        assertThat(both.testModeRefusal(PaymentMethod.MPESA)).isEmpty();
        // one live card processor is enough: failover could send a test payment to it
        assertThat(modes("sandbox", "same", "sk_test_abc", "FLWSECK-abc-X").testModeRefusal(PaymentMethod.CARD))
                .isPresent();
    }
}
