package ke.onpoint.pay.card;

import ke.onpoint.pay.payment.InitiationOutcome;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.RefundChannel;

/**
 * A card processor with a hosted checkout (Paystack, Flutterwave). Implementations only translate between the
 * gateway and one processor's API; the breaker, failover, verification rules and idempotent completion are shared
 * ({@link ProcessorApi}, {@link CardRoutes}, {@link CardOutcomes}).
 */
public interface CardProcessor extends RefundChannel {

    /** The processor's name, as stored in {@code payments.provider}: "paystack" or "flutterwave". */
    @Override
    String name();

    /** Where its API is (the built-in simulator by default). */
    String baseUrl();

    /** Whether it is configured with live keys: a test payment must never reach it. */
    boolean movesRealMoney();

    /** The {@code Authorization} header value for its API. */
    String authorization();

    /** Creates the hosted checkout; throws {@link ProcessorUnavailableException} or {@link ProcessorRejectedException}. */
    InitiationOutcome.Accepted initialize(Payment payment);

    /** Asks the processor what happened to the payment. */
    CardVerification verify(Payment payment);
}
