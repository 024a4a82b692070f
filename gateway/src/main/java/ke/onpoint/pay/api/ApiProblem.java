package ke.onpoint.pay.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem the API answers with. Thrown anywhere in a route; the {@code api-problems} route
 * configuration renders it as {@code application/problem+json}.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiProblem validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiProblem(422, "validation-error", "Your request is invalid", detail, errors);
    }

    public static ApiProblem invalidField(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ApiProblem malformed(String detail) {
        return new ApiProblem(
                400,
                "malformed-request",
                "The request body is not valid JSON",
                detail,
                List.of(new FieldError("body", detail)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, null);
    }

    public static ApiProblem conflict(String type, String title, String detail, String field) {
        return new ApiProblem(409, type, title, detail, field == null ? null : List.of(new FieldError(field, detail)));
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Authentication required", detail, null)
                .header("WWW-Authenticate", "Bearer realm=\"onpoint-pay\"");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Not allowed", detail, null);
    }

    public static ApiProblem tooLarge(long limit) {
        return new ApiProblem(
                413,
                "payload-too-large",
                "Request body too large",
                "The request body exceeds " + limit + " bytes",
                List.of(new FieldError("body", "larger than " + limit + " bytes")));
    }

    public static ApiProblem unavailable(String type, String title, String detail, int retryAfterSeconds) {
        return new ApiProblem(503, type, title, detail, null)
                .header("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** The database cannot be reached: temporary, whether a route found out or the filter already knew. */
    public static ApiProblem databaseUnavailable() {
        return unavailable(
                "database-unavailable",
                "Service Unavailable",
                "The gateway cannot reach its database; retry shortly",
                5);
    }

    /** Every database connection stayed busy for the pool's whole wait: shed, with a short Retry-After. */
    public static ApiProblem busy() {
        return unavailable("gateway-busy", "Service Unavailable", "The gateway is at capacity; retry in a moment", 1);
    }

    public ApiProblem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public ApiProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
