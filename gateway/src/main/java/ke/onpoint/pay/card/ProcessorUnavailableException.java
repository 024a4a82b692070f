package ke.onpoint.pay.card;

/** A card processor could not be used: down, timing out, answering 5xx, or its circuit breaker is open. */
public class ProcessorUnavailableException extends RuntimeException {

    public ProcessorUnavailableException(String message) {
        super(message, null, false, false);
    }
}
