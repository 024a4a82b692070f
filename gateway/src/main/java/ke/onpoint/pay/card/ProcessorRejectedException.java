package ke.onpoint.pay.card;

/** A card processor answered and refused the request (4xx or {@code status:false}); its message says why. */
public class ProcessorRejectedException extends RuntimeException {

    public ProcessorRejectedException(String message) {
        super(message, null, false, false);
    }
}
