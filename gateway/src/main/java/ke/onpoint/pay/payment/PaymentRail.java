package ke.onpoint.pay.payment;

import java.util.Optional;

/**
 * A way a customer pays (M-Pesa Express, a card checkout), implemented by the rail's own package and found by the
 * payment core as a bean: the core routes a new payment to {@link #initiation()} and never names a provider. Adding
 * a rail means adding a package with a bean of this type.
 */
public interface PaymentRail {

    /** The payment method this rail carries (the request's {@code payment_method}). */
    PaymentMethod method();

    /** The provider a new payment is recorded with, as stored in {@code payments.provider}. */
    String provider();

    /**
     * The Camel endpoint the content-based router sends a new payment to: in the opened {@link Payment}, out an
     * {@link InitiationOutcome} (a refusal or an outage is an outcome, never an exception).
     */
    String initiation();

    /** Why a test-mode payment cannot be taken here (it would reach a live provider), or empty when it can. */
    Optional<String> testModeRefusal();

    /** What the provider last said when asked about this payment (asking again when due), shown on its status. */
    Optional<ProviderCheck> statusCheck(Payment payment);
}
