package ke.onpoint.pay.mpesa;

/**
 * Daraja could not give a usable answer: 502/503/504, a non-JSON error page, or an empty body. {@link #refused()}
 * tells the cases where the request was certainly not taken (Daraja said 503, or it was never sent) from those where
 * it may have been (a gateway timeout, an answer we cannot read).
 */
public class DarajaUnavailableException extends RuntimeException {

    private final boolean refused;

    public DarajaUnavailableException(String message) {
        this(message, false);
    }

    public DarajaUnavailableException(String message, boolean refused) {
        super(message, null, false, false);
        this.refused = refused;
    }

    /** True when Daraja certainly did not take the request. */
    public boolean refused() {
        return refused;
    }
}
