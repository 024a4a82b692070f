package ke.onpoint.pay.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before the API's routes exist (the first seconds after a start) or while the database is unreachable, an API
 * request is answered 503 problem+json with Retry-After at once, never a 404 for a path that will exist or a 500
 * after the pool's timeout.
 */
public class ServiceUnavailableFilter extends OncePerRequestFilter {

    private final ApiAvailability availability;

    public ServiceUnavailableFilter(ApiAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!availability.routesUp()) {
            availability.refused("starting");
            ServletProblems.send(
                    request,
                    response,
                    ApiProblem.unavailable(
                            "starting", "Service Unavailable", "The gateway is starting; retry shortly", 1));
        } else if (availability.databaseDown()) {
            availability.refused("database");
            ServletProblems.send(request, response, ApiProblem.databaseUnavailable());
        } else {
            chain.doFilter(request, response);
        }
    }
}
