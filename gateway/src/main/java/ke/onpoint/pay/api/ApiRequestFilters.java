package ke.onpoint.pay.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
                if (type != null
                        && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    response.setStatus(415);
                    response.setContentType(ProblemResponses.PROBLEM_JSON);
                    response.getWriter()
                            .write("{\"type\":\"https://docs.onpoint.co.ke/problems/unsupported-media-type\","
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

    /** Until the routes exist, and while the database is unreachable, the API answers 503 at once. */
    @Bean
    FilterRegistrationBean<ServiceUnavailableFilter> apiServiceUnavailable(ApiAvailability availability) {
        var registration = new FilterRegistrationBean<>(new ServiceUnavailableFilter(availability));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /** Request text the gateway cannot store (NUL, invalid UTF-8, lone surrogates) is refused before any route runs. */
    @Bean
    FilterRegistrationBean<RequestInputGuard> apiRequestInputGuard(
            @org.springframework.beans.factory.annotation.Value("${onpoint.api.max-body-bytes}") long maxBodyBytes,
            @org.springframework.beans.factory.annotation.Value(
                            "${onpoint.api.max-upload-bytes:${onpoint.api.max-body-bytes}}")
                    long maxUploadBytes) {
        var registration = new FilterRegistrationBean<>(new RequestInputGuard(maxBodyBytes, maxUploadBytes));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }

    /**
     * The seed's ALLOWED_HOSTS: requests naming another host are refused (400), so forged Host headers cannot build
     * links or pass checks. A leading dot allows subdomains; empty or "*" allows any. Health probes are exempt:
     * orchestrators call them by the pod's address.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> allowedHosts(ke.onpoint.pay.security.SecurityProperties security) {
        java.util.List<String> hosts = security.allowedHosts().stream()
                .map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .toList();
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (hostAllowed(hosts, request.getServerName())
                        || request.getRequestURI().startsWith("/actuator/health")) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(400);
                response.setContentType(ProblemResponses.PROBLEM_JSON);
                response.getWriter()
                        .write("{\"type\":\"https://docs.onpoint.co.ke/problems/host-not-allowed\","
                                + "\"title\":\"Bad Request\",\"status\":400,\"detail\":\"This host name is not served here\","
                                + "\"errors\":[{\"field\":\"Host\",\"message\":\"not in ALLOWED_HOSTS\"}]}");
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    static boolean hostAllowed(java.util.List<String> allowed, String host) {
        if (allowed.isEmpty() || allowed.contains("*")) {
            return true;
        }
        String name = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        return allowed.stream()
                .anyMatch(rule -> rule.startsWith(".")
                        ? name.endsWith(rule) || name.equals(rule.substring(1))
                        : name.equals(rule));
    }
}
