package ke.onpoint.simulator.flutterwave;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.simulator.SimulatorOnlyApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Flutterwave's {@code GET /v3/transactions} over real HTTP (§3.1): day window, paging by ten with
 * {@code meta.page_info}, the documented item fields, filters, and planted discrepancies. Each test lists its own
 * past UTC day.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = FlutterwaveTransactionListTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.flutterwave.enabled=true",
            "onpoint.simulator.flutterwave.secret-key=" + FlutterwaveTransactionListTest.SECRET_KEY,
            "onpoint.simulator.flutterwave.webhook-url=http://127.0.0.1:9/nobody",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false",
            "logging.file.name=target/flutterwave-list-test.log"
        })
class FlutterwaveTransactionListTest {

    @SimulatorOnlyApplication
    @Import(FlutterwaveSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    static final String SECRET_KEY = "FLWSECK_TEST-list000000000000000000000000-X";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() throws Exception {
        assertThat(send("POST", "/__sim/recon/reset", null, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void listsADayNewestFirstTenToAPageWithTheDocumentedFields() throws Exception {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            refs.add(plant("1000.50", "2024-06-0" + 3 + "T" + String.format("%02d", 8 + i) + ":00:00Z"));
        }
        plant("5", "2024-06-02T23:59:59Z"); // the day before
        JsonNode first = list("?from=2024-06-03&to=2024-06-03");
        assertThat(first.get("status").asText()).isEqualTo("success");
        assertThat(first.get("message").asText()).isEqualTo("Transactions fetched");
        JsonNode pageInfo = first.at("/meta/page_info");
        assertThat(pageInfo.get("total").asInt()).isEqualTo(12);
        assertThat(pageInfo.get("current_page").asInt()).isEqualTo(1);
        assertThat(pageInfo.get("total_pages").asInt()).isEqualTo(2);
        assertThat(first.get("data")).hasSize(10);
        JsonNode item = first.at("/data/0");
        assertThat(item.get("tx_ref").asText()).isEqualTo(refs.get(11));
        for (String field : List.of(
                "id",
                "tx_ref",
                "flw_ref",
                "amount",
                "currency",
                "charged_amount",
                "app_fee",
                "merchant_fee",
                "processor_response",
                "status",
                "payment_type",
                "created_at",
                "amount_settled",
                "customer_name",
                "customer_email",
                "account_id")) {
            assertThat(item.has(field)).as(field).isTrue();
        }
        assertThat(item.get("id").isIntegralNumber()).isTrue();
        assertThat(item.get("amount").isNumber()).isTrue();
        assertThat(item.get("amount").decimalValue()).isEqualByComparingTo("1000.50");
        assertThat(item.get("app_fee").decimalValue()).isEqualByComparingTo("14.01"); // 1.4 %
        assertThat(item.get("amount_settled").decimalValue()).isEqualByComparingTo("986.49");
        assertThat(item.get("status").asText()).isEqualTo("successful");
        assertThat(item.get("currency").asText()).isEqualTo("KES");
        assertThat(item.get("created_at").asText()).isEqualTo("2024-06-03T19:00:00.000Z");

        JsonNode second = list("?from=2024-06-03&to=2024-06-03&page=2");
        assertThat(second.get("data")).hasSize(2);
        assertThat(second.at("/meta/page_info/current_page").asInt()).isEqualTo(2);
        assertThat(second.at("/data/1/tx_ref").asText()).isEqualTo(refs.get(0));
        assertThat(list("?from=2024-06-03&to=2024-06-03&status=failed")
                        .at("/meta/page_info/total")
                        .asInt())
                .isZero();
        assertThat(list("?tx_ref=" + refs.get(5)).at("/meta/page_info/total").asInt())
                .isEqualTo(1);

        HttpResponse<String> bad = send("GET", "/v3/transactions?from=03-06-2024", SECRET_KEY, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("status").asText()).isEqualTo("error");
        assertThat(send("GET", "/v3/transactions", "FLWSECK_TEST-wrong", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void plantedDiscrepanciesChangeOnlyTheList() throws Exception {
        String dropped = plant("100", "2024-06-10T10:00:00Z");
        String changed = plant("200", "2024-06-10T11:00:00Z");
        String failed = plant("300", "2024-06-10T12:00:00Z");
        assertThat(send("POST", "/__sim/recon/drop/" + dropped, null, "{}").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/__sim/recon/amount/" + changed, null, "{\"amount\":150.25}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/__sim/recon/status/" + failed, null, "{\"status\":\"failed\"}")
                        .statusCode())
                .isEqualTo(200);
        JsonNode listed = list("?from=2024-06-10&to=2024-06-10");
        assertThat(listed.at("/meta/page_info/total").asInt()).isEqualTo(2);
        JsonNode failedItem = listed.at("/data/0");
        assertThat(failedItem.get("tx_ref").asText()).isEqualTo(failed);
        assertThat(failedItem.get("status").asText()).isEqualTo("failed");
        assertThat(failedItem.get("app_fee").decimalValue()).isEqualByComparingTo("0");
        JsonNode changedItem = listed.at("/data/1");
        assertThat(changedItem.get("amount").decimalValue()).isEqualByComparingTo("150.25");
        assertThat(changedItem.get("charged_amount").decimalValue()).isEqualByComparingTo("150.25");
        assertThat(send("POST", "/__sim/recon/drop/no-such-ref", null, "{}").statusCode())
                .isEqualTo(404);
    }

    private String plant(String amount, String createdAt) throws Exception {
        HttpResponse<String> response = send(
                "POST",
                "/__sim/recon/provider-only",
                null,
                "{\"amount\":" + amount + ",\"currency\":\"KES\",\"created_at\":\"" + createdAt + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("tx_ref").asText();
    }

    private JsonNode list(String query) throws Exception {
        HttpResponse<String> response = send("GET", "/v3/transactions" + query, SECRET_KEY, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/sim/flutterwave" + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
