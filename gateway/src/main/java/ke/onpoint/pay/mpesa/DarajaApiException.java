package ke.onpoint.pay.mpesa;

/**
 * Daraja answered with its error envelope {@code {requestId, errorCode, errorMessage}} (e.g. {@code 400.002.02},
 * {@code 500.001.1001}, {@code 500.003.02}).
 */
public class DarajaApiException extends RuntimeException {

    private final int httpStatus;
    private final String errorCode;
    private final String errorMessage;

    public DarajaApiException(int httpStatus, String errorCode, String errorMessage) {
        super("Daraja " + httpStatus + " " + errorCode + ": " + errorMessage, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage == null ? "" : errorMessage;
    }

    /** Daraja rejected our bearer token (expired, superseded, or product not enabled): refresh once and retry. */
    public boolean isTokenRejected() {
        return "404.001.03".equals(errorCode) || "401.003.01".equals(errorCode) || "400.003.01".equals(errorCode);
    }

    /** Spike arrest or quota: Daraja is throttling us, not failing. */
    public boolean isThrottled() {
        return "500.003.02".equals(errorCode) || "500.003.03".equals(errorCode);
    }

    /** STK Query's "still pending" answer, which shares 500.001.1001 with real errors. */
    public boolean isStillProcessing() {
        return "500.001.1001".equals(errorCode) && errorMessage().toLowerCase().contains("being processed");
    }
}
