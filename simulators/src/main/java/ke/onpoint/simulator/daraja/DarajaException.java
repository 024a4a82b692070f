package ke.onpoint.simulator.daraja;

import org.springframework.http.HttpStatus;

/**
 * A synchronous Daraja failure: thrown anywhere in request handling and rendered once, as Safaricom's
 * {@code {requestId,errorCode,errorMessage}} envelope, by {@link DarajaApiController}.
 */
final class DarajaException extends RuntimeException {

    private final HttpStatus status;
    private final String errorCode;
    private final String requestId;

    DarajaException(HttpStatus status, String errorCode, String errorMessage, String requestId) {
        super(errorMessage, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    HttpStatus status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    String errorMessage() {
        return getMessage();
    }

    /** Daraja's own request id, or (STK Query "being processed") the CheckoutRequestID it echoes. */
    String requestId() {
        return requestId;
    }
}
