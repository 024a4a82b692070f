package ke.onpoint.pay.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * Request shape rules every API path shares, applied before any route runs.
 * Paths answer with and without a trailing slash (the seed's callback URLs end in "/", and Safaricom and
 * Paystack call exactly what was registered): the request is served as if the slash were absent, no redirect.
 * A form-encoded body is refused with a 415 problem: the API speaks JSON only, and Camel's HTTP binding would
 * otherwise fail parsing it before the route (and its problem handling) ran.
 */
@Configuration
public class ApiRequestFilters {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> apiTrailingSlashes() {
        var registration = new FilterRegistrationBean<>(
                UrlHandlerFilter.trailingSlashHandler("/api/**").wrapRequest().build());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiRefusesFormBodies() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String type = request.getContentType();
                if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    response.setStatus(415);
                    response.setContentType(ProblemResponses.PROBLEM_JSON);
                    response.getWriter().write("{\"type\":\"https://docs.onpoint.co.ke/problems/unsupported-media-type\","
                            + "\"title\":\"Unsupported Media Type\",\"status\":415,"
                            + "\"detail\":\"Send the body as JSON with Content-Type: application/json\","
                            + "\"errors\":[{\"field\":\"body\",\"message\":\"must be JSON\"}]}");
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
