package ke.onpoint.pay.payment;

import java.util.Optional;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Component;

/**
 * Test keys must never move real money: a test-mode payment is refused, before anything is written, when its rail
 * would take it to a live provider ({@link PaymentRail#testModeRefusal()}).
 */
@Component
public class ProviderModes {

    private final PaymentRails rails;

    public ProviderModes(PaymentRails rails) {
        this.rails = rails;
    }

    /** Why a test-mode payment of this method cannot be taken here, or empty when it can. */
    public Optional<String> testModeRefusal(PaymentMethod method) {
        return rails.of(method).testModeRefusal();
    }

    /** Refuses a test-mode payment that has no test provider to go to. */
    public void check(MerchantPrincipal merchant, PaymentMethod method) {
        if (!merchant.live()) {
            testModeRefusal(method).ifPresent(why -> {
                throw new ApiProblem(
                        403,
                        "test-mode-unavailable",
                        "Test keys cannot take this payment here",
                        "Test keys never reach a live provider: " + why,
                        null);
            });
        }
    }
}
