package ke.onpoint.pay.settlement;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The merchant's settlements: an API key with {@code payments:read}, or a user whose role reads payments. A
 * settlement answers JSON, or with {@code format=csv} its lines as a streamed CSV download ({@code CsvDownloads}).
 */
@Component
public class SettlementStatementRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final SettlementStatements statements;

    public SettlementStatementRoutes(
            Callers callers, ApiMessages messages, ApiJson json, SettlementStatements statements) {
        super(messages, json);
        this.callers = callers;
        this.statements = statements;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/settlements").description("The merchant's daily settlements and their payouts, in the caller's mode")
                .get().id("rest-settlements-list")
                    .description("Settlements, newest first: status, date_from, date_to (settlement days), limit, cursor")
                    .produces("application/json").to("direct:settlements-list")
                .get("/{reference}").id("rest-settlements-get")
                    .description("A settlement with its lines (limit, cursor) and payout; format=csv: every line and the totals")
                    .produces("application/json,text/csv").to("direct:settlements-get");

        operation("settlements-list", e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ), 200,
                e -> statements.list(principal(e), QueryParameters.of(e)));
        from("direct:settlements-get").routeId("settlements-get").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ)).id("settlements-get-admit")
                .process(this::answer).id("settlements-get-operate");
    }
    // spotless:on

    private void answer(Exchange exchange) {
        String reference = header(exchange, "reference");
        if (SettlementStatements.wantsCsv(QueryParameters.of(exchange))) {
            statements.csv(exchange, principal(exchange), reference);
        } else {
            messages.respond(
                    exchange, 200, statements.get(principal(exchange), reference, QueryParameters.of(exchange)));
        }
    }
}
