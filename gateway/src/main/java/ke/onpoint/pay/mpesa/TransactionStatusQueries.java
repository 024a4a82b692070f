package ke.onpoint.pay.mpesa;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.ProviderCheck;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daraja's Transaction Status for an M-Pesa receipt: what Safaricom says happened to it (Completed, Reversed, …),
 * for receipts STK Query cannot answer for (C2B payments, payments long finished). The answer is asynchronous:
 * it arrives at the Result URL and is kept in {@code status_queries}; a payment is asked about at most once a minute.
 */
@Component
public class TransactionStatusQueries {

    static final String KIND = "status";
    private static final Logger log = LoggerFactory.getLogger(TransactionStatusQueries.class);

    private final DarajaProperties daraja;
    private final SecurityCredential credential;
    private final ProducerTemplate producer;
    private final JdbcTemplate jdbc;
    private final MerchantShortcodes shortcodes;

    public TransactionStatusQueries(
            DarajaProperties daraja,
            SecurityCredential credential,
            @Lazy ProducerTemplate producer,
            JdbcTemplate jdbc,
            MerchantShortcodes shortcodes) {
        this.shortcodes = shortcodes;
        this.daraja = daraja;
        this.credential = credential;
        this.producer = producer;
        this.jdbc = jdbc;
    }

    /** Asks Daraja about the payment's receipt unless it was asked within the last minute; never throws. */
    public void requestIfDue(Payment payment) {
        if (payment.providerReceipt() == null
                || lastCheck(payment)
                        .filter(check ->
                                check.requestedAt().isAfter(Instant.now().minusSeconds(60)))
                        .isPresent()) {
            return;
        }
        try {
            MerchantShortcodes.Shortcode shortcode = shortcodes.forMerchant(payment.merchantId(), payment.mode());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Initiator", shortcode.profile().initiatorName());
            body.put("SecurityCredential", credential.current(shortcode.profile()));
            body.put("CommandID", "TransactionStatusQuery");
            body.put("TransactionID", payment.providerReceipt());
            body.put("PartyA", shortcode.shortcode());
            body.put("IdentifierType", "4");
            body.put("ResultURL", daraja.resultUrl(KIND));
            body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(KIND));
            body.put("Remarks", "Status of " + payment.reference());
            body.put("Occasion", payment.reference());
            Exchange answer = producer.send(DarajaRoutes.CALL, exchange -> {
                exchange.setProperty(DarajaRoutes.PATH, "/mpesa/transactionstatus/v1/query");
                exchange.setProperty(DarajaRoutes.PROFILE, shortcode.profile().name());
                exchange.getMessage().setBody(DarajaResponses.json(body));
            });
            if (answer.getException() != null) {
                log.warn(
                        "Transaction Status for {} not sent: {}",
                        payment.reference(),
                        answer.getException().getMessage());
                return;
            }
            JsonNode ack = answer.getMessage().getBody(JsonNode.class);
            jdbc.update(
                    "INSERT INTO status_queries (conversation_id, originator_conversation_id, payment_id, receipt) "
                            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    ack.path("ConversationID").asText(),
                    ack.path("OriginatorConversationID").asText(null),
                    payment.id(),
                    payment.providerReceipt());
        } catch (RuntimeException e) {
            log.warn("Transaction Status for {} not sent: {}", payment.reference(), e.getMessage());
        }
    }

    /** What a Transaction Status query asked: the Result must echo it. */
    record Asked(String originatorConversationId, String receipt, long amountMinor, String paymentReference) {}

    /**
     * Why a Result does not answer the query whose ConversationID it names: another OriginatorConversationID, another
     * receipt, another amount. Empty when it does, or when it names no query of ours.
     */
    public Optional<String> mismatch(DarajaResult result) {
        return jdbc
                .query(
                        """
                SELECT q.originator_conversation_id, q.receipt, p.amount_minor, p.reference
                FROM status_queries q JOIN payments p ON p.id = q.payment_id WHERE q.conversation_id = ?""",
                        (rs, i) -> new Asked(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                        result.conversationId())
                .stream()
                .findFirst()
                .flatMap(asked -> mismatch(asked, result));
    }

    static Optional<String> mismatch(Asked asked, DarajaResult result) {
        if (StkResultCheck.differs(asked.originatorConversationId(), result.originatorConversationId())) {
            return Optional.of(asked.paymentReference() + ": Result for OriginatorConversationID "
                    + result.originatorConversationId() + ", not ours " + asked.originatorConversationId());
        }
        if (!result.succeeded()) {
            return Optional.empty(); // a refusal carries no transaction to compare
        }
        String receipt = result.parameters().get("ReceiptNo");
        if (receipt != null && !receipt.equals(asked.receipt())) {
            return Optional.of(asked.paymentReference() + ": Result about receipt " + receipt + ", asked about "
                    + asked.receipt());
        }
        String amount = result.parameters().get("Amount");
        Long amountMinor = StkResult.amountMinor(amount);
        if (amount != null && (amountMinor == null || amountMinor != asked.amountMinor())) {
            return Optional.of(asked.paymentReference() + ": Result reports Amount " + amount + " for a payment of "
                    + ke.onpoint.pay.payment.Money.toMajor(asked.amountMinor()).toPlainString());
        }
        return Optional.empty();
    }

    /** Keeps a Result; false when it answers no query of ours. A redelivered Result changes nothing. */
    public boolean answer(DarajaResult result) {
        String transactionStatus = result.parameters().get("TransactionStatus");
        return jdbc.update(
                        """
                UPDATE status_queries SET status = 'answered', result_code = ?, result_desc = ?, transaction_status = ?,
                    answered_at = now()
                WHERE conversation_id = ? AND status <> 'answered'""",
                        result.resultCode(),
                        truncate(result.resultDesc()),
                        transactionStatus,
                        result.conversationId())
                == 1;
    }

    public boolean timedOut(String conversationId) {
        return jdbc.update(
                        "UPDATE status_queries SET status = 'timeout' WHERE conversation_id = ? AND status = 'requested'",
                        conversationId)
                == 1;
    }

    public Optional<ProviderCheck> lastCheck(Payment payment) {
        return jdbc
                .query(
                        """
                SELECT status, transaction_status, result_code, result_desc, requested_at, answered_at FROM status_queries
                WHERE payment_id = ? ORDER BY requested_at DESC LIMIT 1""",
                        (rs, i) -> new ProviderCheck(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getTimestamp(5).toInstant(),
                                rs.getTimestamp(6) == null
                                        ? null
                                        : rs.getTimestamp(6).toInstant()),
                        payment.id())
                .stream()
                .findFirst();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 255 ? text : text.substring(0, 255);
    }
}
