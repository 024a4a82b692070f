package ke.onpoint.pay.payment;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.flutterwave.FlutterwaveProperties;
import ke.onpoint.pay.mpesa.DarajaProperties;
import ke.onpoint.pay.paystack.PaystackProperties;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Component;

/**
 * Test keys must never move real money. The gateway has one provider configuration per method, so a test-mode payment
 * is refused (before anything is written) when that configuration is a live one: Daraja production, a Paystack
 * {@code sk_live_} key, a Flutterwave key that is not a {@code _TEST} key. Simulators and sandboxes take both modes.
 */
@Component
public class ProviderModes {

    private final DarajaProperties daraja;
    private final PaystackProperties paystack;
    private final FlutterwaveProperties flutterwave;

    public ProviderModes(DarajaProperties daraja, PaystackProperties paystack, FlutterwaveProperties flutterwave) {
        this.daraja = daraja;
        this.paystack = paystack;
        this.flutterwave = flutterwave;
    }

    /** Whether payments of this method reach a provider that moves real money. */
    public boolean realMoney(PaymentMethod method) {
        return switch (method) {
            case MPESA -> "production".equals(daraja.env());
            // either processor may take a card payment (failover)
            case CARD -> isLive(paystack.env(), paystack.secretKey(), "sk_live_")
                    || (!"simulator".equals(flutterwave.env()) && flutterwave.secretKey() != null
                            && !flutterwave.secretKey().contains("_TEST"));
        };
    }

    /** Refuses a test-mode payment that would reach a live provider. */
    public void check(MerchantPrincipal merchant, PaymentMethod method) {
        if (!merchant.live() && realMoney(method)) {
            throw new ApiProblem(403, "test-mode-unavailable", "Test keys cannot reach a live provider",
                    "This gateway sends " + method.code() + " payments to a live provider, which test keys never reach; "
                            + "use a live key, or a gateway configured with the provider's sandbox", null);
        }
    }

    private static boolean isLive(String env, String secretKey, String livePrefix) {
        return !"simulator".equals(env) && secretKey != null && secretKey.startsWith(livePrefix);
    }
}
