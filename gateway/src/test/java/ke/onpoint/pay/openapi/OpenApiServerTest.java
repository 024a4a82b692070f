package ke.onpoint.pay.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import ke.onpoint.pay.api.ApiJson;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The document's server: the configured public URL, or the request's own when the default is left in place. */
class OpenApiServerTest {

    private static String server(String publicBaseUrl, String requestBase) {
        OpenApiDocument document =
                new OpenApiDocument(new DefaultCamelContext(), new ApiJson(), publicBaseUrl, "/api/v1");
        return document.document(requestBase).at("/servers/0/url").asText();
    }

    @Test
    void aConfiguredPublicUrlIsTheServer() {
        assertThat(server("https://pay.example.co.ke/", "http://10.0.0.7:8000"))
                .isEqualTo("https://pay.example.co.ke/api/v1");
    }

    @Test
    void theDefaultLocalUrlGivesWayToTheRequestsOwn() {
        assertThat(server("http://localhost:8000", "https://gateway.internal"))
                .isEqualTo("https://gateway.internal/api/v1");
        assertThat(server("", "http://localhost:8000")).isEqualTo("http://localhost:8000/api/v1");
    }
}
