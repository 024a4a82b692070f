package ke.onpoint.pay.mpesa;

import java.util.Optional;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentLedger;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies STK results, from callbacks and from STK Query alike, to the payment they belong to.
 * Runs inside the caller's transaction: the state change, its outbox event and the callback record commit together.
 */
@Service
public class StkCallbacks {

    private static final Logger log = LoggerFactory.getLogger(StkCallbacks.class);
    public static final String PROVIDER = "mpesa";

    private final PaymentRepository payments;
    private final PaymentLedger ledger;
    private final ProviderCallbacks callbacks;

    public StkCallbacks(PaymentRepository payments, PaymentLedger ledger, ProviderCallbacks callbacks) {
        this.payments = payments;
        this.ledger = ledger;
        this.callbacks = callbacks;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome applyCallback(StkResult result, String payload, String sourceIp) {
        Optional<Payment> payment = payments.lockByCheckoutRequestId(result.checkoutRequestId());
        if (payment.isEmpty()) {
            log.warn("STK callback for unknown CheckoutRequestID {} recorded for review", result.checkoutRequestId());
            return record(result, Outcome.UNMATCHED, "no payment has this CheckoutRequestID", sourceIp, payload);
        }
        Optional<Payment> moved = ledger.settle(payment.get(), result.toOutcome());
        if (moved.isPresent()) {
            log.info("Payment {} is {} (STK result {})", moved.get().reference(), moved.get().status().code(),
                    result.resultCode());
            return record(result, Outcome.APPLIED, moved.get().reference() + " -> " + moved.get().status().code(),
                    sourceIp, payload);
        }
        return record(result, contradiction(payment.get(), result), payment.get().reference() + " already "
                + payment.get().status().code(), sourceIp, payload);
    }

    public void recordDuplicate(StkResult result, String payload, String sourceIp) {
        record(result, Outcome.DUPLICATE, "CheckoutRequestID already processed", sourceIp, payload);
    }

    /** A success reported for a payment we already ended otherwise means money moved that we did not credit. */
    private static Outcome contradiction(Payment payment, StkResult result) {
        if (result.status() == PaymentStatus.COMPLETED && payment.status() != PaymentStatus.COMPLETED) {
            log.error("M-Pesa reports payment {} paid (receipt {}) but it is {}: needs review", payment.reference(),
                    result.receipt(), payment.status().code());
            return Outcome.NEEDS_REVIEW;
        }
        return Outcome.IGNORED;
    }

    private Outcome record(StkResult result, Outcome outcome, String note, String sourceIp, String payload) {
        callbacks.record(PROVIDER, "stk_callback", result.checkoutRequestId(), outcome, note, sourceIp, payload);
        return outcome;
    }
}
