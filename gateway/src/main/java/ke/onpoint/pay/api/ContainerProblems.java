package ke.onpoint.pay.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Every error the gateway sends is problem+json, including those raised before a route runs: Tomcat's error report,
 * requests the firewall refuses (unknown methods such as TRACE, malformed URLs or headers), unreadable multipart
 * uploads and refused CORS requests. Routes have {@link ProblemResponses}; the container's error page is
 * {@link ProblemErrorController}.
 */
@Configuration
public class ContainerProblems {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** Runs after Spring Boot's own customizer, which installs a plain ErrorReportValve on the host. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    Host host = (Host) context.getParent();
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                    if (host instanceof StandardHost standard) {
                        standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    }
                });
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }
        }
        return new Customizer();
    }

    /** Spring Security's firewall refusals (it answers an empty 400 by default). */
    @Bean
    RequestRejectedHandler problemForRefusedRequests() {
        return (request, response, refused) -> {
            ApiProblem problem = METHODS.contains(request.getMethod())
                    ? ServletProblems.ofStatus(400)
                    : ServletProblems.ofStatus(405).header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            ServletProblems.send((HttpServletRequest) request, response, problem);
        };
    }

    /** CORS refusals by Spring MVC's handler mappings (the console's paths; the API's go through Spring Security). */
    @Bean
    static BeanPostProcessor problemCorsRefusals() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractHandlerMapping mapping) {
                    mapping.setCorsProcessor(new ProblemCorsProcessor());
                }
                return bean;
            }
        };
    }

    /**
     * Spring MVC's own refusals of a request before a route runs (406 for an Accept the route cannot produce, 415,
     * 405, …). Written straight to the response: negotiating the error's content type against the same unacceptable
     * Accept header left an empty 406.
     */
    @ControllerAdvice
    @org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
    static class RequestRefusals {

        @ExceptionHandler({
            org.springframework.web.HttpMediaTypeException.class,
            org.springframework.web.HttpRequestMethodNotSupportedException.class
        })
        void refused(
                jakarta.servlet.ServletException e,
                HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response)
                throws java.io.IOException {
            org.springframework.web.ErrorResponse refusal = (org.springframework.web.ErrorResponse) e;
            ApiProblem problem =
                    ServletProblems.ofStatus(refusal.getStatusCode().value());
            refusal.getHeaders().forEach((name, values) -> problem.header(name, String.join(", ", values)));
            ServletProblems.send(request, response, problem);
        }
    }

    /** A multipart body Tomcat cannot parse (no boundary, truncated, a NUL in a file name) is the client's error. */
    @ControllerAdvice
    static class UploadProblems {

        @ExceptionHandler(MultipartException.class)
        ResponseEntity<String> unreadableUpload(MultipartException e, HttpServletRequest request) {
            ApiProblem problem = e instanceof MaxUploadSizeExceededException
                    ? new ApiProblem(
                            413,
                            "payload-too-large",
                            "Request body too large",
                            "The upload is larger than allowed",
                            List.of(new FieldError("file", "larger than allowed")))
                    : new ApiProblem(
                            400,
                            "malformed-request",
                            "The upload could not be read",
                            "The multipart body is malformed, or a part or file name is not acceptable",
                            List.of(new FieldError("file", "unreadable multipart body")));
            return ResponseEntity.status(problem.status())
                    .header("Content-Type", ProblemResponses.PROBLEM_JSON)
                    .body(new String(ServletProblems.body(problem, request.getRequestURI()), StandardCharsets.UTF_8));
        }
    }
}
