package ke.onpoint.pay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /reports/summary and /reports/transactions over HTTP, for one merchant's day of M-Pesa payments through the
 * gateway and the Daraja simulator; every figure is computed by hand below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsIT extends MerchantMoneyTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);
    private static final String QUOTED = "He said \"hi\", then\nleft";
    private static final String FORMULA = "=HYPERLINK(\"http://evil.test\")";

    private Merchant merchant;
    private String completed;
    private String refunded;
    private String failed;

    @BeforeAll
    void aDayOfPayments() {
        merchant = merchant();
        // live: 1,000.00 paid (fee 15.00) · 250.00 paid (fee 3.75) then refunded in full · 100.00 failed ·
        // 300.00 cancelled · 500.00 expired
        completed = pay(merchant.liveKey(), 1_000, PAYS, QUOTED);
        refunded = pay(merchant.liveKey(), 250, PAYS, FORMULA);
        failed = pay(merchant.liveKey(), 100, FAILS, "+254 promo");
        String cancelled = pay(merchant.liveKey(), 300, CANCELS, "-10% off");
        String expired = pay(merchant.liveKey(), 500, EXPIRES, "@admin");
        // test mode: never in a live report
        String testPayment = pay(merchant.testKey(), 700, PAYS, null);
        awaitStatus(merchant.liveKey(), completed, "completed");
        awaitStatus(merchant.liveKey(), refunded, "completed");
        Reply refund =
                post("/api/v1/payments/refund", merchant.liveKey(), "{\"reference\":\"" + refunded + "\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        awaitStatus(merchant.liveKey(), refunded, "refunded");
        awaitStatus(merchant.liveKey(), failed, "failed");
        awaitStatus(merchant.liveKey(), cancelled, "cancelled");
        awaitStatus(merchant.liveKey(), expired, "expired");
        awaitStatus(merchant.testKey(), testPayment, "completed");
    }

    @Test
    void theSummaryAddsUpTheDayByMethodAndByDayWithEmptyDaysAsZeros() {
        Reply reply = get(
                "/api/v1/reports/summary?date_from=" + TODAY.minusDays(2) + "&date_to=" + TODAY, merchant.liveKey());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode summary = reply.json();
        assertThat(summary.path("mode").asText()).isEqualTo("live");
        assertThat(summary.path("date_from").asText())
                .isEqualTo(TODAY.minusDays(2).toString());
        assertThat(summary.path("time_zone").asText()).isEqualTo("Africa/Nairobi");

        assertThat(summary.path("totals")).hasSize(1);
        assertDay(summary.at("/totals/0"));
        assertThat(summary.path("by_method")).hasSize(1);
        assertThat(summary.at("/by_method/0/payment_method").asText()).isEqualTo("mpesa");
        assertDay(summary.at("/by_method/0"));

        JsonNode days = summary.path("by_day");
        assertThat(days.findValuesAsText("date"))
                .containsExactly(
                        TODAY.minusDays(2).toString(), TODAY.minusDays(1).toString(), TODAY.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode empty = days.get(i);
            assertThat(empty.path("currency").asText()).isEqualTo("KES");
            assertThat(empty.path("count").asLong()).isZero();
            assertThat(empty.path("volume").asText()).isEqualTo("0.00");
            assertThat(empty.path("fees").asText()).isEqualTo("0.00");
            assertThat(empty.path("net").asText()).isEqualTo("0.00");
            assertThat(empty.path("success_rate").isNull()).isTrue();
        }
        assertDay(days.get(2));

        // the test key reads test money only: one completed payment of 700.00, fee 10.50
        JsonNode test = get("/api/v1/reports/summary?date_from=" + TODAY + "&date_to=" + TODAY, merchant.testKey())
                .json();
        assertThat(test.at("/totals/0/count").asLong()).isEqualTo(1);
        assertThat(test.at("/totals/0/volume").asText()).isEqualTo("700.00");
        assertThat(test.at("/totals/0/fees").asText()).isEqualTo("10.50");
        assertThat(test.at("/totals/0/success_rate").asDouble()).isEqualTo(1.0);
        // the dashboard in live mode reads what the live key reads
        JsonNode dashboard = getWith(
                        "/api/v1/reports/summary?date_from=" + TODAY + "&date_to=" + TODAY,
                        merchant.owner().access(),
                        Map.of("X-OnPoint-Mode", "live"))
                .json();
        assertDay(dashboard.at("/totals/0"));
    }

    /** Five payments: two paid (1,000.00 and 250.00, the latter refunded), one failed, one cancelled, one expired. */
    private static void assertDay(JsonNode figures) {
        assertThat(figures.path("currency").asText()).isEqualTo("KES");
        assertThat(figures.path("count").asLong()).isEqualTo(5);
        assertThat(figures.path("completed_count").asLong()).isEqualTo(2);
        assertThat(figures.path("failed_count").asLong()).isEqualTo(1);
        assertThat(figures.path("cancelled_count").asLong()).isEqualTo(1);
        assertThat(figures.path("expired_count").asLong()).isEqualTo(1);
        assertThat(figures.path("pending_count").asLong()).isZero();
        assertThat(figures.path("volume").asText()).isEqualTo("1250.00");
        assertThat(figures.path("fees").asText()).isEqualTo("18.75");
        assertThat(figures.path("net").asText()).isEqualTo("1231.25");
        assertThat(figures.path("refunds").asText()).isEqualTo("250.00");
        // 2 completed / (2 completed + 1 failed + 1 cancelled + 1 expired)
        assertThat(figures.path("success_rate").asDouble()).isEqualTo(0.4);
    }

    @Test
    void theSummaryDefaultsToTheLast30Days() {
        JsonNode summary = get("/api/v1/reports/summary", merchant.liveKey()).json();
        assertThat(summary.path("date_to").asText()).isEqualTo(TODAY.toString());
        assertThat(summary.path("date_from").asText())
                .isEqualTo(TODAY.minusDays(29).toString());
        assertThat(summary.path("by_day")).hasSize(30);
        assertDay(summary.at("/totals/0"));
    }

    @Test
    void theTransactionsCsvHasEveryPaymentEscapedAndDefused() {
        Reply csv = get(
                "/api/v1/reports/transactions?format=csv&date_from=" + TODAY + "&date_to=" + TODAY, merchant.liveKey());
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        List<List<String>> rows = parse(csv.body());
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0))
                .containsExactly(
                        "reference",
                        "merchant_reference",
                        "description",
                        "created_at",
                        "completed_at",
                        "payment_method",
                        "status",
                        "amount",
                        "fee",
                        "net",
                        "refunded",
                        "currency",
                        "provider_receipt",
                        "phone_last3");
        List<String> paid = rows.get(1);
        assertThat(paid.get(0)).isEqualTo(completed);
        assertThat(paid.get(2)).isEqualTo(QUOTED); // parsed back: quotes, comma and line break survive
        assertThat(paid.get(3)).matches(TODAY + "T\\d\\d:\\d\\d:\\d\\d\\+03:00");
        assertThat(paid.get(4)).matches(TODAY + "T\\d\\d:\\d\\d:\\d\\d\\+03:00");
        assertThat(paid.subList(5, 12))
                .containsExactly("mpesa", "completed", "1000.00", "15.00", "985.00", "0.00", "KES");
        assertThat(paid.get(12)).matches("[A-Z0-9]{10}");
        assertThat(paid.get(13)).isEqualTo("600");
        assertThat(csv.body()).doesNotContain("254712345600");

        List<String> refundedRow = rows.get(2);
        assertThat(refundedRow.get(2)).isEqualTo("'" + FORMULA); // a formula is text, not run
        assertThat(refundedRow.subList(6, 11)).containsExactly("refunded", "250.00", "3.75", "246.25", "250.00");
        assertThat(rows.get(3).get(2)).isEqualTo("'+254 promo");
        assertThat(rows.get(3).subList(6, 11)).containsExactly("failed", "100.00", "", "", "0.00");
        assertThat(rows.get(3).get(4)).isEmpty();
        assertThat(rows.get(4).get(2)).isEqualTo("'-10% off");
        assertThat(rows.get(5).get(2)).isEqualTo("'@admin");
        // the raw text: RFC 4180 quoting with doubled quotes and the line break inside the quotes
        assertThat(csv.body()).contains(",\"He said \"\"hi\"\", then\nleft\",");
        assertThat(csv.body()).contains(",\"'=HYPERLINK(\"\"http://evil.test\"\")\",");

        Reply onlyCompleted = get(
                "/api/v1/reports/transactions?status=completed&payment_method=mpesa&date_from=" + TODAY,
                merchant.liveKey());
        assertThat(parse(onlyCompleted.body())).hasSize(2);
        assertThat(parse(onlyCompleted.body()).get(1).get(0)).isEqualTo(completed);
        // another merchant's export has none of them
        assertThat(parse(get("/api/v1/reports/transactions", merchant().liveKey())
                        .body()))
                .hasSize(1);
        // the test key exports test payments only
        assertThat(parse(get("/api/v1/reports/transactions", merchant.testKey()).body()))
                .hasSize(2);
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        String key = merchant.liveKey();
        for (String path : List.of("/api/v1/reports/summary", "/api/v1/reports/transactions")) {
            assertProblem(get(path + "?date_from=2024-1-5", key), 422, "date_from");
            assertProblem(get(path + "?date_to=31/01/2024", key), 422, "date_to");
            assertProblem(get(path + "?date_from=2024-03-02&date_to=2024-03-01", key), 422, "date_to");
            Reply huge = get(path + "?date_from=2020-01-01&date_to=2024-12-31", key);
            assertProblem(huge, 422, "date_from");
            assertProblem(huge, 422, "date_to");
            assertProblem(get(path + "?date_from=2024-01-01&date_to=2025-01-01", key), 422, "date_to"); // 367 days
            assertProblem(get(path, null), 401, null);
        }
        assertThat(get("/api/v1/reports/summary?date_from=2024-01-01&date_to=2024-12-31", key)
                        .status())
                .isEqualTo(200); // 366 days: the longest range
        assertProblem(get("/api/v1/reports/transactions?format=xml", key), 422, "format");
        assertProblem(get("/api/v1/reports/transactions?status=paid", key), 422, "status");
        assertProblem(get("/api/v1/reports/transactions?payment_method=cash", key), 422, "payment_method");
    }

    @Test
    void theReadSideIsInTheOpenApiDocument() {
        JsonNode paths = get("/api/v1/openapi.json", null).json().path("paths");
        for (String path : List.of(
                "/balance",
                "/balance/transactions",
                "/settlements",
                "/settlements/{reference}",
                "/reports/summary",
                "/reports/transactions")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; lines end in CRLF. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(cell).as("the CSV ends with a line break").isEmpty();
        return rows;
    }
}
