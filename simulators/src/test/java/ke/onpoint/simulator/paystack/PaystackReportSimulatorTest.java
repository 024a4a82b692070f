package ke.onpoint.simulator.paystack;

import static ke.onpoint.simulator.paystack.PaystackSimHttp.assertPaystackError;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.json;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.simulator.SimulatorOnlyApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Paystack's reconciliation feeds over real HTTP (§2.8): the transaction listing (offset and cursor paging), the
 * settlements derived from the simulator's own successful transactions, and the discrepancies a test plants. Every
 * test works on its own past day, so the other tests' transactions never show in its window.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = PaystackReportSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.paystack.enabled=true",
            "onpoint.simulator.paystack.secret-key=" + PaystackReportSimulatorTest.SECRET,
            "onpoint.simulator.paystack.webhook-url=http://127.0.0.1:9/nobody",
            "onpoint.simulator.paystack.max-deliveries=1",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false",
            "logging.file.name=target/paystack-report-simulator-test.log"
        })
class PaystackReportSimulatorTest {

    @SimulatorOnlyApplication
    @Import(PaystackSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    static final String SECRET = "sk_test_reports_0123456789abcdef0123456789ab";
    private static final ZoneId EAT = ZoneId.of("Africa/Nairobi");

    @LocalServerPort
    int port;

    private PaystackSimHttp http;

    @BeforeEach
    void reset() throws Exception {
        http = new PaystackSimHttp(port, SECRET);
        assertThat(http.control("/__sim/recon/reset", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void listingByEatDayPagesWithTotalVolumeAndCursor() throws Exception {
        LocalDate day = LocalDate.of(2024, 3, 5);
        List<String> references = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            // EAT 00:30 + i h on that day = UTC the evening before for the first ones
            references.add(plant(1000L * i, "card", day + "T" + String.format("%02d", i) + ":00:00+03:00"));
        }
        plant(99_999, "card", "2024-03-04T20:59:00Z"); // 23:59 EAT the day before: outside
        String window = "from=2024-03-04T21:00:00Z&to=2024-03-05T20:59:59Z";

        JsonNode first = ok(http.api("GET", "/transaction?" + window + "&perPage=2&page=1", null), 200);
        assertThat(first.get("message").asText()).isEqualTo("Transactions retrieved");
        assertThat(first.get("data")).hasSize(2);
        assertThat(first.at("/data/0/reference").asText()).isEqualTo(references.get(4)); // newest first
        JsonNode meta = first.get("meta");
        assertThat(meta.get("total").asInt()).isEqualTo(5);
        assertThat(meta.get("total_volume").asLong()).isEqualTo(15_000);
        assertThat(meta.get("skipped").asInt()).isZero();
        assertThat(meta.get("perPage").asInt()).isEqualTo(2);
        assertThat(meta.get("page").asInt()).isEqualTo(1);
        assertThat(meta.get("pageCount").asInt()).isEqualTo(3);
        JsonNode third = ok(http.api("GET", "/transaction?" + window + "&perPage=2&page=3", null), 200);
        assertThat(third.get("data")).hasSize(1);
        assertThat(third.at("/meta/skipped").asInt()).isEqualTo(4);
        JsonNode item = third.at("/data/0");
        assertThat(item.get("reference").asText()).isEqualTo(references.get(0));
        assertThat(item.get("status").asText()).isEqualTo("success");
        assertThat(item.get("amount").asLong()).isEqualTo(1000);
        assertThat(item.get("fees").asLong()).isEqualTo(29); // 2.9 % card
        assertThat(item.get("currency").asText()).isEqualTo("KES");
        assertThat(item.get("paid_at").asText()).endsWith("Z");

        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = ok(
                    http.api(
                            "GET",
                            "/transaction?" + window + "&use_cursor=true&perPage=2"
                                    + (next == null ? "" : "&next=" + next),
                            null),
                    200);
            page.get("data").forEach(t -> seen.add(t.get("reference").asText()));
            assertThat(page.at("/meta/perPage").asInt()).isEqualTo(2);
            next = page.at("/meta/next").isNull() ? null : page.at("/meta/next").asText();
            if (next != null) {
                assertThat(new String(Base64.getDecoder().decode(next), StandardCharsets.UTF_8))
                        .startsWith("undefined:");
            }
        } while (next != null);
        List<String> newestFirst = new ArrayList<>(references);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        assertThat(ok(http.api("GET", "/transaction?" + window + "&status=failed", null), 200)
                        .at("/meta/total")
                        .asInt())
                .isZero();
        assertPaystackError(http.api("GET", "/transaction?from=yesterday", null), 400, "Invalid date: yesterday");
        assertPaystackError(http.send("GET", "/transaction", null, null, null), 401, "Invalid key");
    }

    @Test
    void settlementPerEatDaySumsItsTransactionsAndListsThem() throws Exception {
        String card = plant(100_000, "card", "2024-04-10T09:00:00+03:00");
        String mpesa = plant(50_000, "mobile_money", "2024-04-10T23:30:00+03:00");
        plant(70_000, "card", "2024-04-11T00:10:00+03:00"); // the next EAT day: its own settlement

        JsonNode settlement = settlementOf(LocalDate.of(2024, 4, 10));
        // fees: 2.9 % of 100,000 = 2,900; 1.5 % of 50,000 = 750
        assertThat(settlement.get("total_processed").asLong()).isEqualTo(150_000);
        assertThat(settlement.get("total_fees").asLong()).isEqualTo(3_650);
        assertThat(settlement.get("total_amount").asLong()).isEqualTo(146_350);
        assertThat(settlement.get("effective_amount").asLong()).isEqualTo(146_350);
        assertThat(settlement.get("deductions").isNull()).isTrue();
        assertThat(settlement.get("status").asText()).isEqualTo("success");
        assertThat(settlement.get("currency").asText()).isEqualTo("KES");
        assertThat(settlement.get("settlement_date").asText()).isEqualTo("2024-04-11T00:00:00.000Z");

        JsonNode lines =
                ok(http.api("GET", "/settlement/" + settlement.get("id").asText() + "/transactions", null), 200);
        assertThat(lines.at("/meta/total").asInt()).isEqualTo(2);
        assertThat(lines.at("/meta/total_volume").asLong()).isEqualTo(150_000);
        List<String> references = new ArrayList<>();
        lines.get("data").forEach(t -> references.add(t.get("reference").asText()));
        assertThat(references).containsExactlyInAnyOrder(card, mpesa);
        assertThat(ok(
                                http.api(
                                        "GET",
                                        "/transaction?settlement="
                                                + settlement.get("id").asText(),
                                        null),
                                200)
                        .at("/meta/total")
                        .asInt())
                .isEqualTo(2);
        assertPaystackError(http.api("GET", "/settlement/999/transactions", null), 404, "Settlement not found");
    }

    @Test
    void plantedDiscrepanciesShowInTheListingAndTheSettlement() throws Exception {
        String kept = plant(10_000, "card", "2024-05-02T10:00:00+03:00");
        String dropped = plant(20_000, "card", "2024-05-02T11:00:00+03:00");
        String changed = plant(30_000, "card", "2024-05-02T12:00:00+03:00");
        String failed = plant(40_000, "card", "2024-05-02T13:00:00+03:00");
        assertThat(http.control("/__sim/recon/drop/" + dropped, "{}").statusCode())
                .isEqualTo(200);
        assertThat(http.control("/__sim/recon/amount/" + changed, "{\"amount\":25000}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.control("/__sim/recon/status/" + failed, "{\"status\":\"failed\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.control("/__sim/recon/drop/nosuchref", "{}").statusCode())
                .isEqualTo(404);
        assertThat(http.control("/__sim/recon/amount/" + kept, "{\"amount\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);

        JsonNode listed =
                ok(http.api("GET", "/transaction?from=2024-05-01T21:00:00Z&to=2024-05-02T20:59:59Z", null), 200);
        assertThat(listed.at("/meta/total").asInt()).isEqualTo(3);
        assertThat(listed.at("/meta/total_volume").asLong()).isEqualTo(10_000 + 25_000 + 40_000);
        for (JsonNode t : listed.get("data")) {
            String reference = t.get("reference").asText();
            assertThat(reference).isNotEqualTo(dropped);
            if (reference.equals(changed)) {
                assertThat(t.get("amount").asLong()).isEqualTo(25_000);
            }
            if (reference.equals(failed)) {
                assertThat(t.get("status").asText()).isEqualTo("failed");
            }
        }
        // verify still says what happened at the time: only the books disagree
        assertThat(ok(http.api("GET", "/transaction/verify/" + changed, null), 200)
                        .at("/data/amount")
                        .asLong())
                .isEqualTo(30_000);
        JsonNode settlement = settlementOf(LocalDate.of(2024, 5, 2));
        assertThat(settlement.get("total_processed").asLong()).isEqualTo(35_000);

        JsonNode state = json(http.get("/__sim/recon"));
        assertThat(state.get("dropped")).hasSize(1);
        http.control("/__sim/recon/reset", "{}");
        assertThat(ok(http.api("GET", "/transaction?from=2024-05-01T21:00:00Z&to=2024-05-02T20:59:59Z", null), 200)
                        .at("/meta/total")
                        .asInt())
                .isZero();
    }

    private String plant(long amount, String channel, String paidAt) throws Exception {
        String instant = java.time.OffsetDateTime.parse(paidAt).toInstant().toString();
        JsonNode planted = json(http.control(
                "/__sim/recon/provider-only",
                "{\"amount\":" + amount + ",\"channel\":\"" + channel + "\",\"paid_at\":\"" + instant + "\"}"));
        assertThat(planted.get("status").asText()).as(planted.toString()).isEqualTo("success");
        return planted.get("reference").asText();
    }

    private JsonNode settlementOf(LocalDate day) throws Exception {
        JsonNode settlements = ok(http.api("GET", "/settlement?perPage=100", null), 200);
        String settlementDate = day.plusDays(1) + "T00:00:00.000Z";
        for (JsonNode s : settlements.get("data")) {
            if (settlementDate.equals(s.get("settlement_date").asText())) {
                return s;
            }
        }
        throw new AssertionError("no settlement for " + day + " (EAT) in " + settlements + " " + EAT);
    }
}
