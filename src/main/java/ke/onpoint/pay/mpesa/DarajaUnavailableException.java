package ke.onpoint.pay.mpesa;

/** Daraja could not give a usable answer: 502/503/504, a non-JSON error page, or an empty body. */
public class DarajaUnavailableException extends RuntimeException {

    public DarajaUnavailableException(String message) {
        super(message, null, false, false);
    }
}
