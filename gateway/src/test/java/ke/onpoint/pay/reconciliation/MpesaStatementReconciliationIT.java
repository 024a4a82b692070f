package ke.onpoint.pay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * M-Pesa reconciliation over HTTP: real STK payments through the gateway and the Daraja simulator, placed on a day of
 * their own (so no other test's payments share it), and the organisation statement an operator would download, written
 * here as the portal exports it, with one of each mismatch planted in it.
 */
class MpesaStatementReconciliationIT extends GatewayTest {

    private static final ZoneId EAT = ZoneId.of("Africa/Nairobi");
    private static final DateTimeFormatter PORTAL = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss");
    private static final String HEADER = "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,"
            + "Paid In,Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.";

    @Autowired
    private ApplicationContext context;

    private Session admin;

    @BeforeEach
    void admin() {
        admin = admin(context);
    }

    /**
     * A completed STK payment of KES 100 with its M-Pesa receipt, moved to the given East Africa time; returns its
     * reference and receipt. A payment the STK Query completed before its callback came has no receipt (the statement
     * could not name it): another is made then.
     */
    private String[] paymentAt(String key, LocalDateTime at) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Reply created = initiate(key, mpesaBody("0712345678", uniqueReference()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String reference = created.json().path("reference").asText();
            JsonNode completed = awaitStatus(key, reference, "completed");
            if (!completed.path("mpesa_receipt").isTextual()) {
                continue;
            }
            java.sql.Timestamp when = java.sql.Timestamp.from(at.atZone(EAT).toInstant());
            jdbc.update("UPDATE payments SET paid_at = ?, completed_at = ? WHERE reference = ?", when, when, reference);
            return new String[] {reference, completed.path("mpesa_receipt").asText()};
        }
        throw new AssertionError("no payment completed with its receipt in 5 attempts");
    }

    private static String statement(LocalDate day, List<String> rows) {
        StringBuilder csv = new StringBuilder();
        csv.append("Organization Name:,OnPoint Pay Test\r\n");
        csv.append("Organization Short Code:,174379\r\n");
        csv.append("Account:,Utility Account\r\n");
        csv.append("Time Period:,From,")
                .append(day.atStartOfDay().format(PORTAL))
                .append(",To,")
                .append(day.atTime(23, 59, 59).format(PORTAL))
                .append("\r\n");
        csv.append("Opening Balance:,0.00\r\n");
        csv.append("Closing Balance:,0.00\r\n");
        csv.append(HEADER).append("\r\n");
        rows.forEach(row -> csv.append(row).append("\r\n"));
        return csv.toString();
    }

    /** A Paid In row as the portal writes it (the Details quoted: it holds a comma). */
    private static String paidIn(String receipt, LocalDateTime at, String amount, String status) {
        String time = at.format(PORTAL);
        return receipt + "," + time + "," + time + ",\"Pay Bill from 2547XXXXX678 - JOHN, DOE Acc. ORDER\"," + status
                + ",\"" + amount + "\",,1000.00,TRUE,Pay Utility,2547XXXXX678 - JOHN DOE,,ORDER";
    }

    private Reply upload(String token, String date, String csv) {
        return call(
                "POST",
                "/api/v1/admin/reconciliation/mpesa-statements" + (date == null ? "" : "?date=" + date),
                token,
                csv,
                Map.of("Content-Type", "text/csv"));
    }

    @Test
    void aReconciliationDayWithEachMismatchKindPlantedFindsExactlyThose() {
        LocalDate day = LocalDate.of(2021, 3, 10);
        String key = newMerchantKey();
        String[] matched = paymentAt(key, day.atTime(9, 0));
        String[] amountOff = paymentAt(key, day.atTime(10, 0));
        String[] failedThere = paymentAt(key, day.atTime(11, 0));
        String[] missingThere = paymentAt(key, day.atTime(12, 0));
        // completed one second before midnight; the portal books it on the next day
        String[] lateNight = paymentAt(key, day.atTime(23, 59, 59));

        // the next day's statement, uploaded first: it holds the late-night payment
        Reply nextDay = upload(
                admin.access(),
                day.plusDays(1).toString(),
                statement(
                        day.plusDays(1),
                        List.of(paidIn(lateNight[1], day.plusDays(1).atTime(0, 0, 30), "100.00", "Completed"))));
        assertThat(nextDay.status()).as(nextDay.body()).isEqualTo(201);
        assertThat(nextDay.json().path("items").size()).isZero();

        List<String> rows = new ArrayList<>();
        rows.add(paidIn("QZX1234567", day.atTime(14, 0), "250.00", "Completed")); // money we do not know
        rows.add(paidIn(failedThere[1], day.atTime(11, 0), "100.00", "Failed"));
        rows.add(paidIn(amountOff[1], day.atTime(10, 0), "90.00", "Completed"));
        rows.add(paidIn(matched[1], day.atTime(9, 0), "100.00", "Completed"));
        // Safaricom's charge: a row of its own, not in our ledger
        rows.add("QZC0000001," + day.atTime(9, 0).format(PORTAL) + ","
                + day.atTime(9, 0).format(PORTAL)
                + ",Pay Bill Charge,Completed,,-0.50,999.50,TRUE,Pay Utility Charge,,,");
        Reply uploaded = upload(admin.access(), day.toString(), statement(day, rows));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        JsonNode report = uploaded.json();
        assertThat(report.path("provider").asText()).isEqualTo("mpesa");
        assertThat(report.path("date").asText()).isEqualTo(day.toString());
        assertThat(report.path("status").asText()).isEqualTo("done");
        assertThat(report.path("statement_rows").asInt()).isEqualTo(5);

        assertThat(items(report))
                .containsExactlyInAnyOrder(
                        "amount_mismatch|" + amountOff[1] + "|" + amountOff[0] + "|100.00|90.00",
                        "status_mismatch|" + failedThere[1] + "|" + failedThere[0] + "|100.00|100.00",
                        "missing_at_provider|" + missingThere[1] + "|" + missingThere[0] + "|100.00|",
                        "missing_at_gateway|QZX1234567||" + "|250.00");
        assertThat(total(report, "matched")).isEqualTo(2); // the 09:00 payment and, a day later, the 23:59:59 one
        assertThat(total(report, "missing_at_gateway")).isEqualTo(1);

        // the provider's balance beside ours: Daraja's Account Balance Result arrives later at the Result URL
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM reconciliation_reports WHERE public_id = ? "
                                        + "AND provider_balance_minor IS NOT NULL",
                                report.path("id").asText())
                        == 1);
        assertThat(get(
                                "/api/v1/admin/reconciliation/reports/"
                                        + report.path("id").asText(),
                                admin.access())
                        .json()
                        .path("provider_balance")
                        .isNumber())
                .isTrue();

        // a rerun finds the same and adds nothing
        Reply rerun = call(
                "POST",
                "/api/v1/admin/reconciliation/runs",
                admin.access(),
                "{\"provider\":\"mpesa\",\"date\":\"" + day + "\"}");
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(200);
        assertThat(rerun.json().path("id").asText()).isEqualTo(report.path("id").asText());
        assertThat(rerun.json().path("runs").asInt()).isEqualTo(2);
        assertThat(items(rerun.json())).hasSize(4);
        assertThat(count(
                        "SELECT count(*) FROM reconciliation_items i JOIN reconciliation_reports r ON r.id = i.report_id "
                                + "WHERE r.public_id = ?",
                        report.path("id").asText()))
                .isEqualTo(4);
        // one operator event (audit) per mismatch, not one per run
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.mismatch' AND target IN "
                                + "(SELECT i.public_id FROM reconciliation_items i JOIN reconciliation_reports r "
                                + "ON r.id = i.report_id WHERE r.public_id = ?)",
                        report.path("id").asText()))
                .isEqualTo(4);
        // the next day's report judged nothing twice: the late-night payment belongs to its own day
        assertThat(count(
                        "SELECT count(*) FROM reconciliation_items i JOIN reconciliation_reports r ON r.id = i.report_id "
                                + "WHERE r.provider = 'mpesa' AND r.report_date = ?",
                        day.plusDays(1)))
                .isZero();

        // resolving: a note is required, audited, and a second resolve is a conflict
        String itemId = item(report, "missing_at_gateway").path("id").asText();
        assertProblem(
                call("POST", "/api/v1/admin/reconciliation/items/" + itemId + "/resolve", admin.access(), "{}"),
                422,
                "note");
        Reply resolved = call(
                "POST",
                "/api/v1/admin/reconciliation/items/" + itemId + "/resolve",
                admin.access(),
                "{\"note\":\"Customer paid the paybill directly; refunded by Safaricom\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.json().path("resolved_by").asText()).isEqualTo(admin.email());
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.item_resolved' AND target = ? "
                                + "AND actor = ?",
                        itemId,
                        admin.email()))
                .isEqualTo(1);
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/reconciliation/items/" + itemId + "/resolve",
                        admin.access(),
                        "{\"note\":\"again\"}"),
                409,
                null);
        // a rerun leaves the resolved item resolved
        call(
                "POST",
                "/api/v1/admin/reconciliation/runs",
                admin.access(),
                "{\"provider\":\"mpesa\",\"date\":\"" + day + "\"}");
        assertThat(jdbc.queryForObject(
                        "SELECT status FROM reconciliation_items WHERE public_id = ?", String.class, itemId))
                .isEqualTo("resolved");

        // the open items, by cursor
        Reply open = get("/api/v1/admin/reconciliation/items?status=open&provider=mpesa&limit=2", admin.access());
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        assertThat(open.json().path("data").size()).isEqualTo(2);
        assertThat(open.json().path("has_more").asBoolean()).isTrue();
        Reply rest = get(
                "/api/v1/admin/reconciliation/items?status=open&provider=mpesa&limit=2&cursor="
                        + open.json().path("next_cursor").asText(),
                admin.access());
        assertThat(rest.json().path("data").size()).isEqualTo(1);

        // the report as CSV
        Reply csv = get(
                "/api/v1/admin/reconciliation/reports/" + report.path("id").asText() + "?format=csv", admin.access());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body())
                .contains("mpesa," + day + ",done")
                .contains("amount_mismatch,collection," + amountOff[1] + "," + amountOff[0]
                        + ",100.00,KES,completed,90.00")
                .contains("missing_at_gateway,collection,QZX1234567,,,,,250.00,KES,Completed,resolved");

        // listed by provider and date
        Reply listed = get("/api/v1/admin/reconciliation/reports?provider=mpesa&date=" + day, admin.access());
        assertThat(listed.json().path("data").size()).isEqualTo(1);

        // one metric per mismatch kind
        Reply metrics = scrapePrometheus();
        assertThat(metrics.body())
                .containsPattern(
                        "onpoint_reconciliation_mismatches_total\\{[^}]*kind=\"missing_at_gateway\"[^}]*provider=\"mpesa\"");
    }

    @Test
    void uglyStatementsAreRefusedNamingTheProblemAndNothingIsWritten() {
        LocalDate day = LocalDate.of(2021, 4, 20);
        String good = paidIn("QZY7654321", day.atTime(8, 0), "100.00", "Completed");
        assertProblem(upload(admin.access(), day.toString(), ""), 422, "body");
        Reply wrongHeader = upload(admin.access(), day.toString(), "Receipt No.,When,Amount\r\nQZ1,x,1\r\n");
        assertProblem(wrongHeader, 422, "body");
        assertThat(wrongHeader.json().path("column").asText()).isEqualTo("Completion Time");
        Reply notANumber = upload(
                admin.access(),
                day.toString(),
                statement(day, List.of(good, paidIn("QZY7654322", day.atTime(9, 0), "12O.00", "Completed"))));
        assertProblem(notANumber, 422, "body");
        assertThat(notANumber.json().path("line").asInt()).isEqualTo(9);
        assertThat(notANumber.json().path("column").asText()).isEqualTo("Paid In");
        assertThat(notANumber.json().path("detail").asText()).contains("12O.00");
        Reply oversized = upload(admin.access(), day.toString(), statement(day, List.of(good)) + "x".repeat(200_001));
        assertProblem(oversized, 413, null);
        Reply wrongDate = upload(admin.access(), day.plusDays(5).toString(), statement(day, List.of(good)));
        assertProblem(wrongDate, 422, "date");
        assertProblem(upload(admin.access(), "20-04-2021", statement(day, List.of(good))), 422, "date");
        assertProblem(upload(admin.access(), null, statement(day, List.of(good))), 422, "date");
        assertThat(call(
                                "POST",
                                "/api/v1/admin/reconciliation/mpesa-statements?date=" + day,
                                admin.access(),
                                statement(day, List.of(good)),
                                Map.of("Content-Type", "application/json"))
                        .status())
                .isEqualTo(415);

        assertThat(count("SELECT count(*) FROM mpesa_statements WHERE statement_date IN (?, ?)", day, day.plusDays(5)))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM reconciliation_reports WHERE report_date IN (?, ?)",
                        day,
                        day.plusDays(5)))
                .isZero();
    }

    @Test
    void onlyAdminsReachReconciliation() {
        Session owner = register();
        String key = newMerchantKey();
        for (String token : new String[] {owner.access(), key}) {
            assertThat(get("/api/v1/admin/reconciliation/reports", token).status())
                    .isIn(401, 403);
            assertThat(call(
                                    "POST",
                                    "/api/v1/admin/reconciliation/runs",
                                    token,
                                    "{\"provider\":\"paystack\",\"date\":\"2021-01-01\"}")
                            .status())
                    .isIn(401, 403);
            assertThat(upload(token, "2021-01-01", "x").status()).isIn(401, 403);
            assertThat(get("/api/v1/admin/reconciliation/items", token).status())
                    .isIn(401, 403);
        }
        assertThat(get("/api/v1/admin/reconciliation/reports", null).status()).isEqualTo(401);
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/reconciliation/runs",
                        admin.access(),
                        "{\"provider\":\"visa\",\"date\":\"2021-01-01\"}"),
                422,
                "provider");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/reconciliation/runs",
                        admin.access(),
                        "{\"provider\":\"mpesa\",\"date\":\"tomorrow\"}"),
                422,
                "date");
    }

    /** Each item as kind|provider reference|our reference|our amount|their amount. */
    private static List<String> items(JsonNode report) {
        List<String> items = new ArrayList<>();
        report.path("items")
                .forEach(i -> items.add(i.path("kind").asText() + "|"
                        + i.path("provider_reference").asText()
                        + "|" + i.path("our_reference").asText("") + "|" + text(i.path("our_amount")) + "|"
                        + text(i.path("their_amount"))));
        return items;
    }

    private static String text(JsonNode amount) {
        return amount.isNull() || amount.isMissingNode()
                ? ""
                : amount.decimalValue().setScale(2).toPlainString();
    }

    private static JsonNode item(JsonNode report, String kind) {
        for (JsonNode item : report.path("items")) {
            if (kind.equals(item.path("kind").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " item in " + report);
    }

    private static int total(JsonNode report, String reconciliationClass) {
        int count = 0;
        for (JsonNode total : report.path("totals")) {
            if (reconciliationClass.equals(total.path("class").asText())) {
                count += total.path("count").asInt();
            }
        }
        return count;
    }
}
