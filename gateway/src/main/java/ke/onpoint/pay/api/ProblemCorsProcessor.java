package ke.onpoint.pay.api;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/** A refused CORS request (an origin, method or header not allowed) is a 403 problem, not the text "Invalid CORS request". */
public class ProblemCorsProcessor extends DefaultCorsProcessor {

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.parseMediaType(ProblemResponses.PROBLEM_JSON));
        response.getBody()
                .write(ServletProblems.body(
                        new ApiProblem(
                                403,
                                "cors-refused",
                                "Cross-origin request refused",
                                "This origin, method or header is not allowed to call the API from a browser",
                                List.of(new FieldError("Origin", "not allowed"))),
                        null));
        response.flush();
    }
}
