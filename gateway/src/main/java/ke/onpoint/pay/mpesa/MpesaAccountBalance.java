package ke.onpoint.pay.mpesa;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.reconciliation.ReconciliationReports;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daraja's Account Balance for the gateway's shortcode (§1.16), the provider's figure beside our clearing balance in
 * the M-Pesa reconciliation report. Asynchronous: the request is remembered with its report, the Result arrives at
 * the Result URL ({@code result/balance/<token>}) and fills in the report. Accounts are read by name, never by
 * position; the balance is the Utility Account's (where paybill receipts land) second figure, the available funds.
 */
@Component
public class MpesaAccountBalance {

    static final String KIND = "balance";
    static final String ACCOUNT = "Utility Account";
    private static final Logger log = LoggerFactory.getLogger(MpesaAccountBalance.class);
    private static final DateTimeFormatter COMPLETED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final DarajaProperties daraja;
    private final DarajaProfiles profiles;
    private final SecurityCredential credential;
    private final ProducerTemplate producer;
    private final JdbcTemplate jdbc;
    private final ReconciliationReports reports;

    public MpesaAccountBalance(
            DarajaProperties daraja,
            DarajaProfiles profiles,
            SecurityCredential credential,
            @Lazy ProducerTemplate producer,
            JdbcTemplate jdbc,
            ReconciliationReports reports) {
        this.daraja = daraja;
        this.profiles = profiles;
        this.credential = credential;
        this.producer = producer;
        this.jdbc = jdbc;
        this.reports = reports;
    }

    /** Asks for the live shortcode's balance for this report; never throws (the report stands without it). */
    void request(long reportId) {
        DarajaProfile profile = profiles.live();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Initiator", profile.initiatorName());
            body.put("SecurityCredential", credential.current(profile));
            body.put("CommandID", "AccountBalance");
            body.put("PartyA", profile.shortcode());
            body.put("IdentifierType", "4");
            body.put("Remarks", "Reconciliation");
            body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(KIND));
            body.put("ResultURL", daraja.resultUrl(KIND));
            Exchange answer = producer.send(DarajaRoutes.CALL, exchange -> {
                exchange.setProperty(DarajaRoutes.PATH, "/mpesa/accountbalance/v1/query");
                exchange.setProperty(DarajaRoutes.PROFILE, profile.name());
                exchange.getMessage().setBody(DarajaResponses.json(body));
            });
            if (answer.getException() != null) {
                log.warn(
                        "Account Balance not requested: {}",
                        answer.getException().getMessage());
                return;
            }
            JsonNode ack = answer.getMessage().getBody(JsonNode.class);
            jdbc.update(
                    "INSERT INTO mpesa_balance_queries (conversation_id, originator_conversation_id, report_id) "
                            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    ack.path("ConversationID").asText(),
                    ack.path("OriginatorConversationID").asText(null),
                    reportId);
        } catch (RuntimeException e) {
            log.warn("Account Balance not requested: {}", e.getMessage());
        }
    }

    /**
     * Applies a Result: the report gets the balance once; false when it answers no request of ours, names another
     * OriginatorConversationID, or was applied already (a redelivery).
     */
    @org.springframework.transaction.annotation.Transactional
    public boolean apply(DarajaResult result) {
        List<Map<String, Object>> asked = jdbc.queryForList(
                "SELECT report_id, originator_conversation_id, status FROM mpesa_balance_queries "
                        + "WHERE conversation_id = ? FOR UPDATE",
                result.conversationId());
        if (asked.isEmpty()
                || !"requested".equals(asked.get(0).get("status"))
                || StkResultCheck.differs(
                        (String) asked.get(0).get("originator_conversation_id"), result.originatorConversationId())) {
            return false;
        }
        String accounts = result.parameters().get("AccountBalance");
        Optional<Long> balance = result.succeeded() ? available(accounts, ACCOUNT) : Optional.empty();
        jdbc.update(
                """
                UPDATE mpesa_balance_queries SET status = ?, result_code = ?, accounts = ?, answered_at = now()
                WHERE conversation_id = ?""",
                balance.isPresent() ? "answered" : "failed",
                result.resultCode(),
                accounts,
                result.conversationId());
        balance.ifPresent(minor -> reports.recordProviderBalance(
                ((Number) asked.get(0).get("report_id")).longValue(),
                minor,
                completedAt(result.parameters().get("BOCompletedTime"))));
        return true;
    }

    /**
     * An account's available funds from {@code Name|Currency|f1|f2|f3|f4&…}: f2, as the B2B sample bears out
     * (f1 = f2 + f3).
     */
    static Optional<Long> available(String accounts, String name) {
        if (accounts == null) {
            return Optional.empty();
        }
        for (String account : accounts.split("&")) {
            String[] fields = account.split("\\|");
            if (fields.length >= 4 && fields[0].trim().equalsIgnoreCase(name)) {
                return Optional.ofNullable(StkResult.amountMinor(fields[3]));
            }
        }
        return Optional.empty();
    }

    private static Instant completedAt(String text) {
        if (text != null) {
            try {
                return LocalDateTime.parse(text.trim(), COMPLETED)
                        .atZone(EastAfricaTime.ZONE)
                        .toInstant();
            } catch (DateTimeParseException unreadable) {
                // when it was answered instead
            }
        }
        return Instant.now();
    }
}
