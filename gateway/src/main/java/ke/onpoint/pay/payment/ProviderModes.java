package ke.onpoint.pay.payment;

import java.util.Optional;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.flutterwave.FlutterwaveProperties;
import ke.onpoint.pay.mpesa.DarajaProfile;
import ke.onpoint.pay.mpesa.DarajaProfiles;
import ke.onpoint.pay.paystack.PaystackProperties;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Component;

/**
 * Test keys must never move real money. M-Pesa test payments go to the test Daraja profile (the sandbox in
 * production, {@code MPESA_TEST_ENV}); card processors have one configuration each, so a test card payment is refused
 * while either processor is configured live (a Paystack {@code sk_live_} key, a Flutterwave key that is not a
 * {@code _TEST} key). Refused before anything is written.
 */
@Component
public class ProviderModes {

    private final DarajaProfiles daraja;
    private final PaystackProperties paystack;
    private final FlutterwaveProperties flutterwave;

    public ProviderModes(DarajaProfiles daraja, PaystackProperties paystack, FlutterwaveProperties flutterwave) {
        this.daraja = daraja;
        this.paystack = paystack;
        this.flutterwave = flutterwave;
    }

    /** Why a test-mode payment of this method cannot be taken here, or empty when it can. */
    public Optional<String> testModeRefusal(PaymentMethod method) {
        return switch (method) {
            case MPESA -> {
                Optional<DarajaProfile> profile = daraja.forMode("test");
                if (profile.isEmpty()) {
                    yield Optional.of("test-mode M-Pesa is not configured on this gateway (MPESA_TEST_ENV=none)");
                }
                yield profile.get().realMoney()
                        ? Optional.of("test-mode M-Pesa would reach the live Daraja (set MPESA_TEST_ENV=sandbox)")
                        : Optional.empty();
            }
            // either processor may take a card payment (failover)
            case CARD -> isLive(paystack.env(), paystack.secretKey(), "sk_live_")
                    || (!"simulator".equals(flutterwave.env()) && flutterwave.secretKey() != null
                            && !flutterwave.secretKey().contains("_TEST"))
                    ? Optional.of("card payments go to a live processor here, which test keys never reach")
                    : Optional.empty();
        };
    }

    /** Refuses a test-mode payment that has no test provider to go to. */
    public void check(MerchantPrincipal merchant, PaymentMethod method) {
        if (!merchant.live()) {
            testModeRefusal(method).ifPresent(why -> {
                throw new ApiProblem(403, "test-mode-unavailable", "Test keys cannot take this payment here",
                        "Test keys never reach a live provider: " + why, null);
            });
        }
    }

    private static boolean isLive(String env, String secretKey, String livePrefix) {
        return !"simulator".equals(env) && secretKey != null && secretKey.startsWith(livePrefix);
    }
}
