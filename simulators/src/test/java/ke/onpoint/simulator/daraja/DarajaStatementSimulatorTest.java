package ke.onpoint.simulator.daraja;

import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.INITIATOR;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.JSON;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.PASSWORD;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.credential;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.json;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.parameters;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Account Balance (§1.16) and the org portal's statement (§1.17) over real HTTP: a shortcode takes an STK payment
 * and a C2B payment and pays a B2C payout, then its statement lists exactly those (with the payout's charge as a row
 * of its own and a running balance) and Account Balance reports the same float; planted discrepancies change the
 * statement.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DarajaStatementSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.daraja.enabled=true",
            "onpoint.simulator.daraja.consumer-key=test-key",
            "onpoint.simulator.daraja.consumer-secret=test-secret",
            "onpoint.simulator.daraja.callback-delay=50ms",
            "onpoint.simulator.daraja.accounts.notification-delay=20ms",
            "onpoint.simulator.daraja.accounts.result-delay=20ms",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false",
            "logging.file.name=target/daraja-statement-simulator-test.log"
        })
class DarajaStatementSimulatorTest {

    @SimulatorOnlyApplication
    @Import(DarajaSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    private static final AtomicInteger SHORTCODES = new AtomicInteger(810100);
    private static final String PASSKEY = "statement-passkey";
    private static final String HEADER = "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,"
            + "Paid In,Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.";

    private static ResultInbox inbox;

    @LocalServerPort
    int port;

    private DarajaSimHttp http;
    private String bearer;
    private String shortCode;

    @BeforeAll
    static void startListener() {
        inbox = ResultInbox.start("/results");
    }

    @AfterAll
    static void stopListener() {
        inbox.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        http = new DarajaSimHttp(port);
        bearer = http.bearer();
        shortCode = Integer.toString(SHORTCODES.incrementAndGet());
        assertThat(http.post("/__sim/recon/reset", null, "{}").statusCode()).isEqualTo(200);
        assertThat(http.post(
                                "/__sim/shortcodes",
                                null,
                                "{\"shortcode\":\"" + shortCode + "\",\"passkey\":\"" + PASSKEY + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void statementListsTheDaysReceiptsAndPayoutsNewestFirstWithBalancesAndAccountBalanceAgrees() throws Exception {
        String c2b = c2bPayment(1500, "INV-7");
        String stk = stkPayment(100);
        String payout = b2cPayout(1000);

        List<String[]> rows = awaitRows(4);
        String csv = statementCsv(today());
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("Organization Name:,OnPoint Simulated Org");
        assertThat(lines[1]).isEqualTo("Short Code:," + shortCode);
        String day = today().format(java.time.format.DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        assertThat(lines[3]).isEqualTo("Time Period:,From," + day + " 00:00:00,To," + day + " 23:59:59");
        assertThat(lines[5]).isEqualTo("Opening Balance:,50000.00,Closing Balance:,50595.00");
        assertThat(lines[6]).isEqualTo(HEADER);

        // newest first: the payout's charge and the payout (same time), then the STK and the C2B receipts
        assertThat(rows).extracting(r -> r[0]).containsExactly(payout, payout, stk, c2b);
        for (String[] row : rows) {
            assertThat(row).hasSize(13);
            assertThat(row[1]).matches("\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2}");
            assertThat(row[4]).isEqualTo("Completed");
            assertThat(row[8]).isEqualTo("true");
        }
        String[] c2bRow = rows.get(3);
        assertThat(c2bRow[5]).isEqualTo("1500.00");
        assertThat(c2bRow[6]).isEmpty();
        assertThat(c2bRow[7]).isEqualTo("51500.00");
        assertThat(c2bRow[9]).isEqualTo("Pay Utility");
        assertThat(c2bRow[12]).isEqualTo("INV-7");
        String[] stkRow = rows.get(2);
        assertThat(stkRow[5]).isEqualTo("100.00");
        assertThat(stkRow[7]).isEqualTo("51600.00");
        assertThat(stkRow[9]).isEqualTo("Pay Bill Online");
        String[] payoutRow = rows.stream()
                .filter(r -> r[9].equals("Business Payment to Customer"))
                .findFirst()
                .orElseThrow();
        assertThat(payoutRow[6]).isEqualTo("-1000.00");
        assertThat(payoutRow[3]).startsWith("Business Payment to 254708374149");
        String[] chargeRow = rows.stream()
                .filter(r -> r[9].equals("Business Payment to Customer Charge"))
                .findFirst()
                .orElseThrow();
        assertThat(chargeRow[6]).isEqualTo("-5.00");
        assertThat(chargeRow[11]).isEqualTo(payout);
        assertThat(rows.get(0)[7]).isEqualTo("50595.00");

        // Account Balance: C2B and the payout moved the Utility float (STK goes elsewhere in the simulator)
        JsonNode result = accountBalance();
        assertThat(result.get("ResultCode").asInt()).isZero();
        assertThat(result.get("TransactionID").asText()).matches("[A-Z][A-Z0-9]{2}0000000");
        String balance = parameters(result).get("AccountBalance").get("Value").asText();
        List<String> accounts = Arrays.asList(balance.split("&"));
        assertThat(accounts)
                .contains(
                        "Working Account|KES|1000000.00|1000000.00|0.00|0.00",
                        "Utility Account|KES|50500.00|50500.00|0.00|0.00",
                        "Charges Paid Account|KES|-5.00|-5.00|0.00|0.00");
        for (String account : accounts) {
            String[] f = account.split("\\|");
            assertThat(f).hasSize(6);
            assertThat(new java.math.BigDecimal(f[2]))
                    .isEqualByComparingTo(new java.math.BigDecimal(f[3]).add(new java.math.BigDecimal(f[4])));
        }
        assertThat(parameters(result).get("BOCompletedTime").get("Value").asText())
                .matches("\\d{14}");
    }

    @Test
    void plantedDiscrepanciesShowInTheStatement() throws Exception {
        String dropped = c2bPayment(200, "A-1");
        String changed = c2bPayment(300, "A-2");
        String cancelled = c2bPayment(400, "A-3");
        awaitRows(3);
        HttpResponse<String> planted = http.post(
                "/__sim/recon/provider-only",
                null,
                "{\"shortcode\":\"" + shortCode + "\",\"amount\":777,\"account\":\"UNKNOWN\"}");
        assertThat(planted.statusCode()).as(planted.body()).isEqualTo(200);
        String unknown = json(planted).get("receipt").asText();
        assertThat(http.post("/__sim/recon/drop/" + dropped, null, "{}").statusCode())
                .isEqualTo(200);
        assertThat(http.post("/__sim/recon/amount/" + changed, null, "{\"amount\":350}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.post("/__sim/recon/status/" + cancelled, null, "{\"status\":\"Cancelled\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.post("/__sim/recon/drop/NOSUCHRCPT", null, "{}").statusCode())
                .isEqualTo(404);

        List<String[]> rows = rows(statementCsv(today()));
        assertThat(rows)
                .extracting(r -> r[0])
                .contains(unknown, changed, cancelled)
                .doesNotContain(dropped);
        String[] changedRow =
                rows.stream().filter(r -> r[0].equals(changed)).findFirst().orElseThrow();
        assertThat(changedRow[5]).isEqualTo("350.00");
        String[] cancelledRow =
                rows.stream().filter(r -> r[0].equals(cancelled)).findFirst().orElseThrow();
        assertThat(cancelledRow[4]).isEqualTo("Cancelled");
        String[] unknownRow =
                rows.stream().filter(r -> r[0].equals(unknown)).findFirst().orElseThrow();
        assertThat(unknownRow[5]).isEqualTo("777.00");
        assertThat(unknownRow[12]).isEqualTo("UNKNOWN");
        // the closing balance counts only Completed rows: 50000 + 350 + 777
        assertThat(statementCsv(today()).split("\r\n")[5]).endsWith("Closing Balance:,51127.00");

        assertThat(http.get("/__sim/org-statement?shortcode=" + shortCode + "&date=yesterday")
                        .statusCode())
                .isEqualTo(400);
        assertThat(rows(statementCsv(today().minusDays(1)))).isEmpty();
    }

    // ---- helpers ----

    private String c2bPayment(long amount, String account) throws Exception {
        HttpResponse<String> paid = http.post(
                "/__sim/c2b/pay",
                null,
                "{\"ShortCode\":\"" + shortCode + "\",\"CommandID\":\"CustomerPayBillOnline\",\"Amount\":" + amount
                        + ",\"Msisdn\":\"254708374149\",\"BillRefNumber\":\"" + account + "\"}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        String transId = json(paid).get("trans_id").asText();
        awaitValue(
                () -> http.getJson("/__sim/c2b/transactions/" + transId)
                        .get("status")
                        .asText(),
                "completed"::equals);
        return transId;
    }

    private String stkPayment(long amount) throws Exception {
        String timestamp = StkPasswords.timestamp(Instant.now());
        ObjectNode body = JSON.createObjectNode()
                .put("BusinessShortCode", shortCode)
                .put("Password", StkPasswords.password(shortCode, PASSKEY, timestamp))
                .put("Timestamp", timestamp)
                .put("TransactionType", "CustomerPayBillOnline")
                .put("Amount", amount)
                .put("PartyA", "254708374100")
                .put("PartyB", shortCode)
                .put("PhoneNumber", "254708374100")
                .put("CallBackURL", inbox.url())
                .put("AccountReference", "ORDER-1")
                .put("TransactionDesc", "Order");
        HttpResponse<String> response = http.post("/mpesa/stkpush/v1/processrequest", bearer, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String checkout = json(response).get("CheckoutRequestID").asText();
        JsonNode done = awaitValue(
                () -> http.getJson("/__sim/transactions/" + checkout),
                t -> t.path("receipt").isTextual());
        return done.get("receipt").asText();
    }

    private String b2cPayout(long amount) throws Exception {
        String ocid = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ObjectNode body = JSON.createObjectNode()
                .put("OriginatorConversationID", ocid)
                .put("InitiatorName", INITIATOR)
                .put("SecurityCredential", credential(PASSWORD))
                .put("CommandID", "BusinessPayment")
                .put("Amount", amount)
                .put("PartyA", shortCode)
                .put("PartyB", "254708374149")
                .put("Remarks", "Payout")
                .put("QueueTimeOutURL", inbox.url())
                .put("ResultURL", inbox.url());
        HttpResponse<String> response = http.post("/mpesa/b2c/v3/paymentrequest", bearer, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return http.getJson("/__sim/payouts/" + ocid).get("transaction_id").asText();
    }

    private JsonNode accountBalance() throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("Initiator", INITIATOR)
                .put("SecurityCredential", credential(PASSWORD))
                .put("CommandID", "AccountBalance")
                .put("PartyA", shortCode)
                .put("IdentifierType", "4")
                .put("Remarks", "ok")
                .put("QueueTimeOutURL", inbox.url())
                .put("ResultURL", inbox.url());
        HttpResponse<String> response = http.post("/mpesa/accountbalance/v1/query", bearer, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode ack = json(response);
        assertThat(ack.get("ResponseCode").asText()).isEqualTo("0");
        String ocid = ack.get("OriginatorConversationID").asText();
        return awaitValue(() -> inbox.results(ocid), l -> !l.isEmpty()).get(0);
    }

    private List<String[]> awaitRows(int count) {
        return awaitValue(() -> rows(statementCsv(today())), l -> l.size() >= count);
    }

    private String statementCsv(LocalDate day) throws Exception {
        HttpResponse<String> response = http.get("/__sim/org-statement?shortcode=" + shortCode + "&date=" + day);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                .contains("ORG_" + shortCode + "_Utility Account_Completed_");
        return response.body();
    }

    /** The rows after the six metadata lines and the header (no field here holds a comma). */
    private static List<String[]> rows(String csv) {
        String[] lines = csv.split("\r\n");
        return Arrays.stream(lines).skip(7).map(line -> line.split(",", -1)).toList();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Africa/Nairobi"));
    }
}
