package ke.onpoint.simulator.flutterwave;

import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A synchronous Flutterwave failure: thrown anywhere in request handling and rendered once, as Flutterwave's
 * {@code {"status":"error","message":…,"data":null}} envelope, by {@link FlutterwaveApiController}.
 */
final class FlutterwaveApiException extends RuntimeException {

    static final String NO_TRANSACTION = "No transaction was found for this id";

    private final HttpStatus status;

    FlutterwaveApiException(HttpStatus status, String message) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
    }

    static FlutterwaveApiException badRequest(String message) {
        return new FlutterwaveApiException(HttpStatus.BAD_REQUEST, message);
    }

    static FlutterwaveApiException unauthorized() {
        return new FlutterwaveApiException(HttpStatus.UNAUTHORIZED, "Invalid authorization key");
    }

    static FlutterwaveApiException noTransaction() {
        return badRequest(NO_TRANSACTION);
    }

    static FlutterwaveApiException serviceUnavailable() {
        return new FlutterwaveApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
    }

    HttpStatus status() {
        return status;
    }

    ResponseEntity<String> render() {
        return FlutterwaveJson.response(
                status,
                SimulatorJson.object()
                        .put("status", "error")
                        .put("message", getMessage())
                        .putNull("data"));
    }
}
