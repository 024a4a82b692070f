package ke.onpoint.pay.mpesa;

import ke.onpoint.pay.payment.ProcessedMessages;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daraja's Results for payouts, once admitted by {@link DarajaResultRoutes} (URL token, source address): B2C and B2B
 * Results are applied once, by an idempotent consumer on OriginatorConversationID + TransactionID inside the
 * transaction that records the outcome (a redelivery is recorded as a duplicate and changes nothing); Transaction
 * Status Results answer the question we kept, once; a QueueTimeOutURL notice makes the payout's check due at once.
 */
@Component
public class MpesaPayoutResultRoutes extends RouteBuilder {

    static final String RESULT = "direct:mpesa-payout-result";
    static final String STATUS_RESULT = "direct:mpesa-payout-status-result";
    static final String TIMEOUT = "direct:mpesa-payout-timeout";
    private static final String KIND = "kind";

    private final MpesaPayoutResults results;
    private final DarajaNotifications notifications;
    private final JdbcTemplate jdbc;

    public MpesaPayoutResultRoutes(MpesaPayoutResults results, DarajaNotifications notifications, JdbcTemplate jdbc) {
        this.results = results;
        this.notifications = notifications;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        from(RESULT).routeId("mpesa-payout-result")
                .transacted()
                .idempotentConsumer(simple("${body.originatorConversationId}:${body.conversationId}:${body.transactionId}"),
                                new ProcessedMessages(jdbc, "mpesa-payout-result"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> record(e, "_result", new MpesaPayoutResults.Applied(null, Outcome.DUPLICATE), "Result already applied"))
                        .otherwise()
                            .process(e -> record(e, "_result", results.payoutResult(result(e), kind(e), payload(e)), null))
                    .end()
                .end();

        from(STATUS_RESULT).routeId("mpesa-payout-status-result")
                .transacted()
                .process(e -> record(e, "_result", results.statusResult(result(e), payload(e)), "payout Transaction Status"));

        from(TIMEOUT).routeId("mpesa-payout-timeout")
                .process(e -> record(e, "_timeout", results.timeout(result(e)), "queue timeout: outcome unknown, asked about now"));
    }
    // spotless:on

    /** Review cases are recorded by the core with their reason; every other outcome is recorded here. */
    private void record(Exchange exchange, String suffix, MpesaPayoutResults.Applied applied, String note) {
        if (applied.outcome() == Outcome.NEEDS_REVIEW) {
            return;
        }
        DarajaResult result = result(exchange);
        String correlation = applied.reference() != null
                ? applied.reference()
                : result.originatorConversationId().isBlank()
                        ? result.conversationId()
                        : result.originatorConversationId();
        notifications.record(
                exchange,
                kind(exchange) + suffix,
                correlation,
                applied.outcome(),
                note != null ? note : "ResultCode " + result.resultCode() + " " + result.resultDesc());
    }

    private static DarajaResult result(Exchange exchange) {
        return exchange.getMessage().getBody(DarajaResult.class);
    }

    private static String kind(Exchange exchange) {
        return exchange.getMessage().getHeader(KIND, "", String.class);
    }

    private static String payload(Exchange exchange) {
        return exchange.getProperty(DarajaNotifications.PAYLOAD, String.class);
    }
}
