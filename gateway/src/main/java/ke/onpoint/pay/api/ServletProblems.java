package ke.onpoint.pay.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;

/**
 * Writes a problem+json answer straight to a servlet response, for refusals made before any route runs (filters,
 * the servlet container's own errors, CORS): the same body {@link ProblemResponses} renders for routes.
 */
public final class ServletProblems {

    private static final ApiJson JSON = new ApiJson();

    private ServletProblems() {}

    public static byte[] body(ApiProblem problem, String instance) {
        return ProblemResponses.render(JSON, problem, instance).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The problem for an HTTP error raised outside the routes (the servlet container, Spring MVC, the firewall): the
     * status and its standard title, a detail that never repeats the input.
     */
    public static ApiProblem ofStatus(int status) {
        String title = Optional.ofNullable(HttpStatus.resolve(status))
                .map(HttpStatus::getReasonPhrase)
                .orElse("Error");
        return switch (status) {
            case 400 ->
                new ApiProblem(
                        400,
                        "bad-request",
                        title,
                        "The request could not be read: its URL, headers or encoding are malformed",
                        null);
            case 404 -> ApiProblem.notFound("Nothing is served at this address");
            case 405 -> new ApiProblem(405, "method-not-allowed", title, "This method is not allowed here", null);
            case 500 ->
                new ApiProblem(
                        500,
                        "internal-error",
                        "Something went wrong on our side",
                        "The request could not be completed",
                        null);
            default -> new ApiProblem(status, status >= 500 ? "server-error" : "client-error", title, title, null);
        };
    }

    public static void send(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
            throws IOException {
        send(request == null ? null : request.getRequestURI(), response, problem);
    }

    public static void send(String instance, HttpServletResponse response, ApiProblem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        response.setContentType(ProblemResponses.PROBLEM_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body = body(problem, instance);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
        response.flushBuffer();
    }
}
