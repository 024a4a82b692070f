package ke.onpoint.pay.mpesa;

import java.util.Optional;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentRail;
import ke.onpoint.pay.payment.ProviderCheck;
import org.springframework.stereotype.Component;

/**
 * M-Pesa Express as a payment rail: a new payment is an STK Push ({@link StkPushRoutes#PUSH}) to the Daraja of the
 * key's mode, and a paid one is checked with Transaction Status. Test payments go to the test Daraja profile (the
 * sandbox in production, {@code MPESA_TEST_ENV}).
 */
@Component
public class MpesaRail implements PaymentRail {

    private final DarajaProfiles profiles;
    private final TransactionStatusQueries statusQueries;

    public MpesaRail(DarajaProfiles profiles, TransactionStatusQueries statusQueries) {
        this.profiles = profiles;
        this.statusQueries = statusQueries;
    }

    @Override
    public PaymentMethod method() {
        return PaymentMethod.MPESA;
    }

    @Override
    public String provider() {
        return StkCallbacks.PROVIDER;
    }

    @Override
    public String initiation() {
        return StkPushRoutes.PUSH;
    }

    @Override
    public Optional<String> testModeRefusal() {
        Optional<DarajaProfile> profile = profiles.forMode(DarajaProfiles.TEST);
        if (profile.isEmpty()) {
            return Optional.of("test-mode M-Pesa is not configured on this gateway (MPESA_TEST_ENV=none)");
        }
        return profile.get().realMoney()
                ? Optional.of("test-mode M-Pesa would reach the live Daraja (set MPESA_TEST_ENV=sandbox)")
                : Optional.empty();
    }

    /** Safaricom's Transaction Status for the payment's receipt; none before there is a receipt. */
    @Override
    public Optional<ProviderCheck> statusCheck(Payment payment) {
        if (payment.providerReceipt() == null) {
            return Optional.empty();
        }
        statusQueries.requestIfDue(payment);
        return statusQueries.lastCheck(payment);
    }
}
