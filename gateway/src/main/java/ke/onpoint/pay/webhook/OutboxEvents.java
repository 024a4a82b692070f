package ke.onpoint.pay.webhook;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.merchant.ApiKeySecrets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: an event row is written in the same transaction as the state change it reports,
 * so a change is never published without having happened, nor lost once it has. Delivery reads the table later.
 */
@Component
public class OutboxEvents {

    private final JdbcTemplate jdbc;
    private final ApiJson json;

    public OutboxEvents(JdbcTemplate jdbc, ApiJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends an event; must run inside the caller's transaction. Returns its stable id ({@code evt_…}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public String append(long merchantId, String aggregateReference, String type, Object data) {
        String eventId = "evt_" + ApiKeySecrets.randomBase62(24);
        jdbc.update("INSERT INTO outbox_events (event_id, merchant_id, aggregate_reference, event_type, payload) "
                + "VALUES (?, ?, ?, ?, ?::jsonb)", eventId, merchantId, aggregateReference, type, json.write(data));
        return eventId;
    }
}
