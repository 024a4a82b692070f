package ke.onpoint.pay.reconciliation;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The gateway's staff review reconciliation: run a provider's day (idempotent), read reports (JSON or CSV) and the open
 * review items, resolve an item with a note. Admins only.
 */
@Component
public class ReconciliationApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final Reconciliations reconciliations;
    private final ReconciliationReports reports;

    public ReconciliationApiRoutes(
            ApiMessages messages,
            ApiJson json,
            Callers callers,
            Reconciliations reconciliations,
            ReconciliationReports reports) {
        super(messages, json);
        this.callers = callers;
        this.reconciliations = reconciliations;
        this.reports = reports;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/admin/reconciliation").description("Reconciliation against the providers' own records (admins)")
                .post("/runs").id("rest-admin-reconciliation-run").consumes("application/json")
                    .to("direct:admin-reconciliation-run")
                .get("/reports").id("rest-admin-reconciliation-reports").to("direct:admin-reconciliation-reports")
                .get("/reports/{id}").id("rest-admin-reconciliation-report").produces("application/json,text/csv")
                    .to("direct:admin-reconciliation-report")
                .get("/items").id("rest-admin-reconciliation-items").to("direct:admin-reconciliation-items")
                .post("/items/{id}/resolve").id("rest-admin-reconciliation-resolve").consumes("application/json")
                    .to("direct:admin-reconciliation-resolve");

        Admission admin = e -> callers.user(e, Permissions.ADMIN);
        operation("admin-reconciliation-run", admin, 200, this::run);
        operation("admin-reconciliation-reports", admin, 200,
                e -> reports.list(header(e, "provider"), header(e, "date")));
        operation("admin-reconciliation-items", admin, 200,
                e -> reports.itemPage(header(e, "status"), header(e, "provider"), header(e, "limit"), header(e, "cursor")));
        operation("admin-reconciliation-resolve", admin, 200,
                e -> reports.resolve(principal(e), header(e, "id"), body(e)));

        from("direct:admin-reconciliation-report").routeId("admin-reconciliation-report")
                .routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(admin::admit)
                .process(this::report);
    }
    // spotless:on

    /** {@code {"provider","date"}}: the day's report after the run; a provider that cannot be read is a 502. */
    private Map<String, Object> run(Exchange exchange) {
        JsonNode body = body(exchange);
        String provider = body.path("provider").asText("");
        if (!reconciliations.providers().contains(provider)) {
            throw ApiProblem.invalidField("provider", "must be one of " + reconciliations.providers());
        }
        LocalDate date =
                runnableDate(body.path("date").isTextual() ? body.get("date").asText() : null);
        Reconciliations.Run run =
                reconciliations.run(provider, date, principal(exchange).actor());
        if (!run.done()) {
            throw new ApiProblem(
                            502, "provider-unavailable", "The provider's records could not be read", run.error(), null)
                    .with("report_id", reports.byId(run.reportId()).get("id"));
        }
        return reports.byId(run.reportId());
    }

    /** A past or current East Africa day. */
    static LocalDate runnableDate(String text) {
        LocalDate date = ReconciliationReports.date("date", text);
        if (date.isAfter(LocalDate.now(EastAfricaTime.ZONE))) {
            throw ApiProblem.invalidField("date", "must not be in the future (East Africa Time)");
        }
        return date;
    }

    private void report(Exchange exchange) {
        String id = header(exchange, "id");
        String format = header(exchange, "format");
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiProblem.invalidField("format", "must be json or csv");
        }
        String accept = header(exchange, "Accept");
        if ("csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"))) {
            String csv = reports.csv(id);
            var message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
            message.setHeader("Content-Disposition", "attachment; filename=\"reconciliation-" + id + ".csv\"");
            message.setBody(csv);
            return;
        }
        messages.respond(exchange, 200, reports.get(id));
    }
}
