package ke.onpoint.pay.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet container's error page (an exception or {@code sendError} outside the routes) as problem+json, in place
 * of Spring Boot's {@code {"timestamp",…}} answer. Called directly, {@code /error} is simply not found.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int code = status instanceof Integer known && known >= 400 ? known : 404;
        ServletProblems.send(
                uri instanceof String original ? original : request.getRequestURI(),
                response,
                ServletProblems.ofStatus(code));
    }
}
