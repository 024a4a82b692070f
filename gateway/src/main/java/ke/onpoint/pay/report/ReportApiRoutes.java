package ke.onpoint.pay.report;

import java.time.LocalDate;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The merchant's reports, in the caller's mode: an API key with {@code payments:read}, or a user whose role reads
 * payments. Dates are East Africa days, both ends inclusive; {@code date_to} defaults to today (or to 30 days after
 * {@code date_from}), {@code date_from} to 30 days up to {@code date_to}; at most {@code onpoint.reports.max-range-days}.
 */
@Component
public class ReportApiRoutes extends ApiRouteBuilder {

    static final int DEFAULT_DAYS = 30;

    private final Callers callers;
    private final PaymentSummaries summaries;
    private final TransactionExport export;
    private final int maxRangeDays;

    public ReportApiRoutes(
            Callers callers,
            ApiMessages messages,
            ApiJson json,
            PaymentSummaries summaries,
            TransactionExport export,
            @Value("${onpoint.reports.max-range-days}") int maxRangeDays) {
        super(messages, json);
        this.callers = callers;
        this.summaries = summaries;
        this.export = export;
        this.maxRangeDays = maxRangeDays;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/reports").description("Payment reports over East Africa days")
                .get("/summary").id("rest-reports-summary")
                    .description("count, volume, completed, success rate, fees, net, refunds: in total, by method and by day")
                    .produces("application/json").to("direct:reports-summary")
                .get("/transactions").id("rest-reports-transactions")
                    .description("Every payment of date_from..date_to as CSV (format=csv), streamed; status, payment_method")
                    .produces("text/csv").to("direct:reports-transactions");

        Admission reads = e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ);
        operation("reports-summary", reads, 200, e -> {
            QueryParameters query = QueryParameters.of(e);
            DateRange range = range(query);
            query.check();
            return summaries.summarise(principal(e), range);
        });
        from("direct:reports-transactions").routeId("reports-transactions")
                .routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(reads::admit).id("reports-transactions-admit")
                .process(this::download).id("reports-transactions-operate");
    }
    // spotless:on

    private void download(Exchange exchange) {
        QueryParameters query = QueryParameters.of(exchange);
        query.format("csv");
        export.answer(exchange, principal(exchange), export.select(query));
    }

    private DateRange range(QueryParameters query) {
        return query.range(LocalDate.now(EastAfricaTime.ZONE), DEFAULT_DAYS, maxRangeDays);
    }
}
