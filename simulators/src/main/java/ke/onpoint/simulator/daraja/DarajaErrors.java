package ke.onpoint.simulator.daraja;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The synchronous errors Daraja is known to return (reference §1.1, §1.2, §1.5), with their real codes and texts. */
final class DarajaErrors {

    private DarajaErrors() {}

    static DarajaException invalidAuthentication() {
        return error(HttpStatus.BAD_REQUEST, "400.008.01", "Invalid Authentication passed");
    }

    static DarajaException invalidGrantType() {
        return error(HttpStatus.BAD_REQUEST, "400.008.02", "Invalid grant type passed");
    }

    static DarajaException invalidAccessToken() {
        return error(HttpStatus.NOT_FOUND, "404.001.03", "Invalid Access Token");
    }

    static DarajaException invalidPayload() {
        return error(HttpStatus.BAD_REQUEST, "400.002.05", "Invalid request payload");
    }

    static DarajaException invalidField(String field) {
        return error(HttpStatus.BAD_REQUEST, "400.002.02", "Bad Request - Invalid " + field);
    }

    static DarajaException wrongCredentials() {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "500.001.1001", "[MerchantValidate] - Wrong credentials");
    }

    /** STK Query on a pending transaction: an HTTP 500 that only means "ask again later". */
    static DarajaException beingProcessed(String checkoutRequestId) {
        return new DarajaException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "500.001.1001",
                "The transaction is being processed",
                checkoutRequestId);
    }

    static DarajaException spikeArrest() {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "500.003.02", "Spike Arrest Violation");
    }

    static DarajaException internalError() {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "500.003.1001", "Internal Server Error");
    }

    static DarajaException resourceNotFound() {
        return error(HttpStatus.NOT_FOUND, "404.001.01", "Resource not found");
    }

    static DarajaException methodNotAllowed() {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "405.001", "Method Not Allowed");
    }

    static DarajaException serviceUnavailable() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "503.001.01", "Service Unavailable");
    }

    static ResponseEntity<String> render(DarajaException e) {
        ObjectNode body = SimulatorJson.object()
                .put("requestId", e.requestId())
                .put("errorCode", e.errorCode())
                .put("errorMessage", e.errorMessage());
        return SimulatorJson.response(e.status(), body);
    }

    private static DarajaException error(HttpStatus status, String code, String message) {
        return new DarajaException(status, code, message, DarajaIds.requestId());
    }
}
