package ke.onpoint.pay.mpesa;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.reconciliation.ReconciliationProperties;
import ke.onpoint.pay.reconciliation.ReconciliationReports;
import ke.onpoint.pay.reconciliation.Reconciliations;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /admin/reconciliation/mpesa-statements?date=YYYY-MM-DD} (admins): the day's organisation statement as
 * downloaded from the M-Pesa portal, as a {@code text/csv} body. It is checked whole before anything is kept (a
 * problem names the line and column), kept, and the day's M-Pesa reconciliation runs on it.
 */
@Component
public class MpesaStatementApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final MpesaStatements statements;
    private final Reconciliations reconciliations;
    private final ReconciliationReports reports;
    private final ReconciliationProperties properties;

    public MpesaStatementApiRoutes(
            ApiMessages messages,
            ApiJson json,
            Callers callers,
            MpesaStatements statements,
            Reconciliations reconciliations,
            ReconciliationReports reports,
            ReconciliationProperties properties) {
        super(messages, json);
        this.callers = callers;
        this.statements = statements;
        this.reconciliations = reconciliations;
        this.reports = reports;
        this.properties = properties;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/admin/reconciliation").description("Reconciliation against the providers' own records (admins)")
                .post("/mpesa-statements").id("rest-admin-mpesa-statement").consumes("text/csv")
                    .to("direct:admin-mpesa-statement");

        operation("admin-mpesa-statement", e -> callers.user(e, Permissions.ADMIN), 201, this::upload);
    }
    // spotless:on

    private Map<String, Object> upload(Exchange exchange) {
        LocalDate date = date(header(exchange, "date"));
        String type = header(exchange, Exchange.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            throw new ApiProblem(
                    415,
                    "unsupported-media-type",
                    "Unsupported Media Type",
                    "Upload the statement as the portal exports it, with Content-Type: text/csv",
                    null);
        }
        String csv = messages.uploadText(exchange, properties.maxStatementBytes());
        if (csv.isBlank()) {
            throw ApiProblem.invalidField("body", "is empty: upload the statement CSV as the portal exports it");
        }
        int rows = statements.store(date, csv, principal(exchange));
        Reconciliations.Run run = reconciliations.run(
                StkCallbacks.PROVIDER, date, principal(exchange).actor());
        Map<String, Object> report = reports.byId(run.reportId());
        report.put("statement_rows", rows);
        return report;
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.invalidField("date", "is required: the East Africa day the statement covers, YYYY-MM-DD");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField("date", "must be a date as YYYY-MM-DD");
        }
        if (date.isAfter(LocalDate.now(EastAfricaTime.ZONE))) {
            throw ApiProblem.invalidField("date", "must not be in the future (East Africa Time)");
        }
        return date;
    }
}
