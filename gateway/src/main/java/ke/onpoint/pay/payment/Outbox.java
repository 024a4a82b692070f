package ke.onpoint.pay.payment;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: an event row is written in the same transaction as the state change it reports,
 * so a change is never published without having happened, nor lost once it has. The core owns it because it writes
 * it; the fan-out to webhooks and the Kafka publisher read and mark it here, each with its own marker. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of instances can read it without publishing an event
 * twice at the same time.
 */
@Component
public class Outbox {

    /** An outbox event, as fanned out and published; {@code mode} is the test or live data it is about. */
    public record Event(
            long id,
            String eventId,
            long merchantId,
            String reference,
            String type,
            String payload,
            Instant createdAt,
            String mode) {}

    private static final RowMapper<Event> EVENT = (rs, i) -> new Event(
            rs.getLong(1),
            rs.getString(2),
            rs.getLong(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getTimestamp(7).toInstant(),
            rs.getString(8));

    private final JdbcTemplate jdbc;
    private final ApiJson json;

    public Outbox(JdbcTemplate jdbc, ApiJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends an event; must run inside the caller's transaction. Returns its stable id ({@code evt_…}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public String append(long merchantId, String mode, String aggregateReference, String type, Object data) {
        String eventId = "evt_" + RandomIds.base62(24);
        jdbc.update(
                "INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb)",
                eventId,
                merchantId,
                mode,
                aggregateReference,
                type,
                json.write(data));
        return eventId;
    }

    /** An event to append: for {@link #appendAll}. */
    public record Appended(long merchantId, String mode, String aggregateReference, String type, Object data) {}

    /** Appends many events in one batch (a settlement run's thousand settlement.created); same rules as append. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<Appended> events) {
        jdbc.batchUpdate(
                "INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb)",
                events.stream()
                        .map(e -> new Object[] {
                            "evt_" + RandomIds.base62(24),
                            e.merchantId(),
                            e.mode(),
                            e.aggregateReference(),
                            e.type(),
                            json.write(e.data())
                        })
                        .toList());
    }

    /** Marks the oldest unpublished events published and returns them; runs in the caller's transaction. */
    public List<Event> claimUnpublished(int limit) {
        return jdbc.query("""
                UPDATE outbox_events SET published_at = now()
                WHERE id IN (SELECT id FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, event_id, merchant_id, aggregate_reference, event_type, payload::text, created_at, mode""", EVENT, limit).stream()
                .sorted(Comparator.comparingLong(Event::id))
                .toList();
    }

    /**
     * Unpublished events for Kafka, locked, oldest first, leaving out any event whose payment has an earlier one
     * still unpublished outside this batch (locked by another instance): a payment's events reach Kafka in order.
     */
    public List<Event> lockForKafka(int limit) {
        return jdbc.query("""
                WITH batch AS (SELECT id FROM outbox_events WHERE kafka_published_at IS NULL ORDER BY id LIMIT ?
                               FOR UPDATE SKIP LOCKED)
                SELECT o.id, o.event_id, o.merchant_id, o.aggregate_reference, o.event_type, o.payload::text, o.created_at, o.mode
                FROM outbox_events o JOIN batch b ON b.id = o.id
                WHERE NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.kafka_published_at IS NULL
                                  AND e.aggregate_reference = o.aggregate_reference AND e.id < o.id
                                  AND e.id NOT IN (SELECT id FROM batch))
                ORDER BY o.id""", EVENT, limit);
    }

    /** Events waiting for a publisher: how many, and when the oldest was written. */
    public record Backlog(long count, Instant oldest) {}

    /** Events not yet fanned out to webhooks and the YAML route (the dispatch marks them published). */
    public Backlog backlog() {
        return backlog("published_at");
    }

    /** Events not yet acknowledged by Kafka (meaningful only where Kafka is configured). */
    public Backlog kafkaBacklog() {
        return backlog("kafka_published_at");
    }

    private Backlog backlog(String marker) {
        // both markers have a partial index on the unpublished rows: this reads the backlog, not the table
        return jdbc.queryForObject(
                "SELECT count(*), min(created_at) FROM outbox_events WHERE " + marker + " IS NULL",
                (rs, i) -> new Backlog(
                        rs.getLong(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
    }

    /** Marks the events Kafka acknowledged, in one statement; runs in the caller's transaction (lockForKafka's). */
    public void markKafkaPublished(List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var statement = con.prepareStatement(
                    "UPDATE outbox_events SET kafka_published_at = now() WHERE id = ANY(?::bigint[])");
            statement.setArray(1, con.createArrayOf("bigint", eventIds.toArray()));
            return statement;
        });
    }
}
