package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.flutterwave.FlutterwaveProperties;
import ke.onpoint.pay.mpesa.DarajaProperties;
import ke.onpoint.pay.paystack.PaystackProperties;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.junit.jupiter.api.Test;

class ProviderModesTest {

    static final MerchantPrincipal TEST = MerchantPrincipal.apiKey(1, "mch_1", "test", 1, "sk_test_x", Set.of());
    static final MerchantPrincipal LIVE = MerchantPrincipal.apiKey(1, "mch_1", "live", 2, "sk_live_x", Set.of());

    static ProviderModes modes(String mpesaEnv, String paystackKey, String flutterwaveKey) {
        DarajaProperties daraja = new DarajaProperties(mpesaEnv, "https://x", "k", "s", "174379", "p", "CustomerPayBillOnline",
                null, "https://x/cb", "callback-token-0123456789", List.of(), java.time.Duration.ofSeconds(60), null, "api", "pw", "c", "https://x/r", "https://x/t");
        PaystackProperties paystack = new PaystackProperties("live", "https://api.paystack.co", paystackKey, "pk", List.of());
        FlutterwaveProperties flutterwave = new FlutterwaveProperties("live", "https://api.flutterwave.com", flutterwaveKey,
                "hash", List.of());
        return new ProviderModes(daraja, paystack, flutterwave);
    }

    @Test
    void testKeysNeverReachALiveProvider() {
        ProviderModes production = modes("production", "sk_live_abc", "FLWSECK-abc-X");
        assertThatThrownBy(() -> production.check(TEST, PaymentMethod.MPESA)).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).type()).isEqualTo("test-mode-unavailable"));
        assertThatThrownBy(() -> production.check(TEST, PaymentMethod.CARD)).isInstanceOf(ApiProblem.class);
        production.check(LIVE, PaymentMethod.MPESA);
        production.check(LIVE, PaymentMethod.CARD);
    }

    @Test
    void sandboxesAndTestKeysTakeTestPayments() {
        ProviderModes sandbox = modes("sandbox", "sk_test_abc", "FLWSECK_TEST-abc-X");
        sandbox.check(TEST, PaymentMethod.MPESA);
        sandbox.check(TEST, PaymentMethod.CARD);
        assertThat(sandbox.realMoney(PaymentMethod.CARD)).isFalse();
        // one live card processor is enough: failover could send a test payment to it
        assertThat(modes("sandbox", "sk_test_abc", "FLWSECK-abc-X").realMoney(PaymentMethod.CARD)).isTrue();
    }
}
