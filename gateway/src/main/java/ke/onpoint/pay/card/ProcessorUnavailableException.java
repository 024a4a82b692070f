package ke.onpoint.pay.card;

import ke.onpoint.pay.payment.ProviderUnavailableException;

/** A card processor could not be used: down, timing out, answering 5xx, or its circuit breaker is open. */
public class ProcessorUnavailableException extends ProviderUnavailableException {

    public ProcessorUnavailableException(String message) {
        super(message);
    }
}
