package ke.onpoint.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The standalone simulators start on their own, all three enabled, and Daraja hands out an OAuth token. */
class SimulatorsApplicationTest {

    @Test
    void servesAllThreeSimulatorsOnItsOwnPort() throws Exception {
        try (ConfigurableApplicationContext context = SimulatorsApplication.run("--server.port=0")) {
            assertThat(context.getBeanNamesForType(ProviderControlController.class))
                    .hasSize(3);
            String port = context.getEnvironment().getProperty("local.server.port");
            String basic = Base64.getEncoder()
                    .encodeToString("sim-consumer-key:sim-consumer-secret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                            + "/sim/daraja/oauth/v1/generate?grant_type=client_credentials"))
                                    .header("Authorization", "Basic " + basic)
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(token.statusCode()).isEqualTo(200);
            JsonNode body = SimulatorJson.MAPPER.readTree(token.body());
            assertThat(body.get("access_token").asText()).isNotBlank();
            assertThat(body.get("expires_in").asText()).isEqualTo("3599");
        }
    }
}
