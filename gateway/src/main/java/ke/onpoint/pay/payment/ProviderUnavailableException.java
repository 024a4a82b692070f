package ke.onpoint.pay.payment;

/**
 * A provider could not be used (down, timing out, its circuit breaker open): a {@link RefundChannel} throws it when
 * the refund did not reach the provider, and the refund fails with its reservation given back.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message, null, false, false);
    }
}
