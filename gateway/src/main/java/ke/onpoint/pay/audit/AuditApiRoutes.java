package ke.onpoint.pay.audit;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** {@code GET /audit-logs} (dashboard login): JSON pages ({@code format=json}, the default), or CSV with {@code format=csv} or {@code Accept: text/csv}. */
@Component
public class AuditApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final AuditQueries queries;

    public AuditApiRoutes(ApiMessages messages, ApiJson json, Callers callers, AuditQueries queries) {
        super(messages, json);
        this.callers = callers;
        this.queries = queries;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/audit-logs").description("The audit trail: own merchant's records; admins see all")
                .get().id("rest-audit-logs").produces("application/json,text/csv").to("direct:audit-logs");

        from("direct:audit-logs").routeId("audit-logs").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.user(e, Permissions.AUDIT_READ))
                .process(this::answer);
    }
    // spotless:on

    private void answer(Exchange exchange) {
        AuditQueries.Filter filter = new AuditQueries.Filter(
                header(exchange, "action"),
                header(exchange, "actor"),
                header(exchange, "date_from"),
                header(exchange, "date_to"),
                header(exchange, "merchant"),
                header(exchange, "cursor"),
                header(exchange, "limit"));
        String accept = header(exchange, "Accept");
        String format = header(exchange, "format");
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiProblem.invalidField("format", "must be json or csv");
        }
        if ("csv".equals(format) || (accept != null && accept.contains("text/csv"))) {
            String csv = queries.exportCsv(principal(exchange), filter);
            var message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
            message.setHeader("Content-Disposition", "attachment; filename=\"" + AuditQueries.CSV_FILE + "\"");
            message.setBody(csv);
            return;
        }
        messages.respond(exchange, 200, queries.page(principal(exchange), filter));
    }
}
