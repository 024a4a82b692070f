package ke.onpoint.simulator.paystack;

import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A synchronous Paystack failure, thrown anywhere in request handling and rendered once as Paystack's
 * {@code {"status":false,"message":"..."}} by {@link PaystackApiController}. Messages are Paystack's
 * (reference §2.1, api-errors.json) where known.
 */
final class PaystackApiException extends RuntimeException {

    private final HttpStatus status;

    PaystackApiException(HttpStatus status, String message) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
    }

    static PaystackApiException badRequest(String message) {
        return new PaystackApiException(HttpStatus.BAD_REQUEST, message);
    }

    static PaystackApiException notFound(String message) {
        return new PaystackApiException(HttpStatus.NOT_FOUND, message);
    }

    static PaystackApiException invalidKey() {
        return new PaystackApiException(HttpStatus.UNAUTHORIZED, "Invalid key");
    }

    static PaystackApiException serviceUnavailable() {
        return new PaystackApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
    }

    HttpStatus status() {
        return status;
    }

    ResponseEntity<String> render() {
        return SimulatorJson.response(
                status, SimulatorJson.object().put("status", false).put("message", getMessage()));
    }
}
