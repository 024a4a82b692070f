package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** With dashboard origins configured, a browser call from any other origin is refused with a problem, not plain text. */
class CorsRefusalTest {

    private static MockHttpServletResponse call(String method, String origin, String preflightMethod) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/payments/transactions");
        request.addHeader("Origin", origin);
        if (preflightMethod != null) {
            request.addHeader("Access-Control-Request-Method", preflightMethod);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        OpsSecurity.corsFilter(List.of("https://dashboard.onpoint.test"))
                .doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void corsRefusalIsProblemJsonForAnOriginNotConfigured() throws Exception {
        for (MockHttpServletResponse refused : List.of(
                call("GET", "https://evil.example", null),
                call("OPTIONS", "https://evil.example", "POST"),
                call("OPTIONS", "https://dashboard.onpoint.test", "TRACE"))) {
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
            assertThat(refused.getContentAsString()).contains("\"status\":403").doesNotContain("Invalid CORS request");
        }
    }

    @Test
    void theConfiguredOriginIsServed() throws Exception {
        MockHttpServletResponse allowed = call("OPTIONS", "https://dashboard.onpoint.test", "POST");
        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://dashboard.onpoint.test");
    }
}
