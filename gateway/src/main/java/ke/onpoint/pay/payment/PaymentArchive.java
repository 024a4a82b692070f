package ke.onpoint.pay.payment;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.EncryptedColumns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code archive} command: moves ended payments created before a day (East Africa) out of the live tables into
 * {@code archive_*} tables of the same columns, with what depends on them (refunds and their provider ids, status
 * queries, outbox events, webhook deliveries and attempts, provider callbacks). The ledger, settlements, audit
 * trail and idempotency keys stay: balances and {@code verify-ledger} do not change, and a replayed Idempotency-Key
 * still answers with its payment.
 *
 * <p>A payment moves only when nothing about it can still change: its status is final, no refund is pending or held
 * for review, every outbox event is handed to webhooks (and to Kafka, when configured) and no delivery is still
 * retrying, no provider message about it waits for a person, no reconciliation item about it is open, and every ledger
 * entry of it (and of its refunds) that a settlement covers is in a settlement that is not paying out.
 *
 * <p>Batches of N payments, each in one short transaction: the batch's payment rows are taken with
 * {@code FOR UPDATE SKIP LOCKED} (a payment a live request holds is left for the next run, never waited for), and
 * other locks are given up after {@link #LOCK_TIMEOUT}. A crash loses at most the batch's transaction, which rolls
 * back whole; a rerun finds what is left. Each batch writes its audit record in its own transaction.
 */
@Service
public class PaymentArchive implements EncryptedColumns {

    public static final int DEFAULT_BATCH = 1000;
    public static final int MAX_BATCH = 10_000;
    static final String LOCK_TIMEOUT = "2s";
    private static final int LOCK_RETRIES = 5;

    /** Where a batch's rows are, by the batch's payment ids ({@code batch}); dependants leave before their parents. */
    private record Move(String table, String where) {}

    private static final String BATCH_PAYMENTS = "SELECT p.reference FROM payments p JOIN batch b ON b.id = p.id";
    private static final List<Move> MOVES = List.of(
            // what a provider said about the payment or its refunds, by any id the message can carry
            new Move("provider_callbacks", """
                    correlation_id IN (
                        SELECT unnest(ARRAY[p.reference, p.checkout_request_id, p.provider_receipt,
                                            p.provider_transaction_id, p.merchant_request_id])
                        FROM payments p JOIN batch b ON b.id = p.id
                        UNION ALL SELECT unnest(ARRAY[r.reference, r.provider_refund_id])
                        FROM refunds r JOIN batch b ON b.id = r.payment_id
                        UNION ALL SELECT x.provider_refund_id
                        FROM refund_provider_ids x JOIN refunds r ON r.id = x.refund_id JOIN batch b ON b.id = r.payment_id
                        UNION ALL SELECT q.conversation_id FROM status_queries q JOIN batch b ON b.id = q.payment_id)"""),
            new Move("webhook_attempts", """
                    delivery_id IN (SELECT d.id FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
                                    WHERE o.aggregate_reference IN (%s))""".formatted(BATCH_PAYMENTS)),
            new Move(
                    "webhook_deliveries",
                    "event_id IN (SELECT o.event_id FROM outbox_events o WHERE o.aggregate_reference IN (%s))"
                            .formatted(BATCH_PAYMENTS)),
            new Move("outbox_events", "aggregate_reference IN (%s)".formatted(BATCH_PAYMENTS)),
            new Move(
                    "refund_provider_ids",
                    "refund_id IN (SELECT r.id FROM refunds r JOIN batch b ON b.id = r.payment_id)"),
            new Move("refunds", "payment_id IN (SELECT id FROM batch)"),
            new Move("status_queries", "payment_id IN (SELECT id FROM batch)"),
            new Move("payments", "id IN (SELECT id FROM batch)"));

    /** The foreign keys among the moved tables; any other key to one of them would break a move (checked first). */
    private static final List<String> TABLES = MOVES.stream().map(Move::table).toList();

    private static final String FINAL_STATES = Arrays.stream(PaymentStatus.values())
            .filter(PaymentStatus::isFinal)
            .map(PaymentStatus::code)
            .collect(Collectors.joining(",", "{", "}"));

    /** The next batch: ended payments past the cutoff that nothing still waits on, by id from where the last ended. */
    private static final String PICK = """
            SELECT p.id FROM payments p
            WHERE p.id > ? AND p.created_at < ? AND p.status = ANY (?::text[])
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status IN ('pending', 'needs_review'))
              AND NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.aggregate_reference = p.reference
                                                              AND (o.published_at IS NULL OR (? AND o.kafka_published_at IS NULL)))
              AND NOT EXISTS (SELECT 1 FROM outbox_events o JOIN webhook_deliveries d ON d.event_id = o.event_id
                              WHERE o.aggregate_reference = p.reference AND d.status = 'pending')
              AND NOT EXISTS (SELECT 1 FROM provider_callbacks c
                              WHERE c.correlation_id IN (p.reference, p.checkout_request_id, p.provider_receipt,
                                                         p.provider_transaction_id)
                                AND c.outcome IN ('unmatched', 'needs_review') AND c.resolved_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM reconciliation_items i WHERE i.status = 'open' AND i.our_reference = p.reference)
              AND NOT EXISTS (SELECT 1 FROM ledger_postings lp JOIN ledger_entries e ON e.posting_id = lp.id
                              WHERE ((lp.kind = 'payment.captured' AND lp.reference = p.reference)
                                     OR (lp.kind = 'refund.processed'
                                         AND lp.reference IN (SELECT r.reference FROM refunds r WHERE r.payment_id = p.id)))
                                AND e.settle_on IS NOT NULL
                                AND NOT EXISTS (SELECT 1 FROM settlement_lines sl JOIN settlements s ON s.id = sl.settlement_id
                                                WHERE sl.entry_id = e.id AND s.status <> 'paying'))
            ORDER BY p.id LIMIT ?
            FOR UPDATE OF p SKIP LOCKED""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;

    /** With Kafka configured, an event still waiting for Kafka holds its payment back too. */
    private final boolean kafka;

    public PaymentArchive(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            @Value("${onpoint.kafka.bootstrap-servers:}") String kafkaServers) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.kafka = !kafkaServers.isBlank();
    }

    /**
     * What a run did. {@code rows} counts moved rows per live table (payments first); {@code stayed} is how many
     * payments created before the day are still live afterwards (not ended, still awaited on, or busy).
     */
    public record Report(
            LocalDate before, boolean dryRun, int batches, Map<String, Long> rows, long stayed, Duration took) {
        public long payments() {
            return rows.getOrDefault("payments", 0L);
        }
    }

    /**
     * Archives payments created before {@code before} (00:00 East Africa Time), {@code batchSize} per transaction.
     * A dry run does the same work and rolls every batch back: its counts are what a real run would move now.
     */
    public Report run(LocalDate before, int batchSize, boolean dryRun, String actor, Consumer<String> progress) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("the batch size must be between 1 and " + MAX_BATCH);
        }
        checkShapes();
        OffsetDateTime cutoff = before.atStartOfDay(EastAfricaTime.ZONE).toOffsetDateTime();
        long started = System.nanoTime();
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("payments", 0L);
        int batches = 0;
        long after = 0;
        int lockFailures = 0;
        while (true) {
            long from = after;
            Batch batch;
            try {
                batch = transactions.execute(tx -> {
                    Batch moved = move(from, cutoff, batchSize, before, actor);
                    if (dryRun) {
                        tx.setRollbackOnly();
                    }
                    return moved;
                });
            } catch (PessimisticLockingFailureException e) {
                // a live request holds a dependent row longer than LOCK_TIMEOUT: the batch rolled back whole; again
                if (++lockFailures > LOCK_RETRIES) {
                    throw new IllegalStateException(
                            "gave up after " + LOCK_RETRIES + " lock timeouts at payment id " + from
                                    + "; nothing of that batch moved, run the command again to continue",
                            e);
                }
                continue;
            }
            if (batch == null) {
                break;
            }
            batches++;
            after = batch.lastId();
            batch.rows().forEach((table, n) -> totals.merge(table, n, Long::sum));
            progress.accept("batch " + batches + ": " + (dryRun ? "would move " : "moved ")
                    + batch.rows().get("payments") + " payments (ids " + batch.firstId() + ".." + batch.lastId()
                    + "), " + totals.get("payments") + " so far");
        }
        Long stayed = jdbc.queryForObject("SELECT count(*) FROM payments WHERE created_at < ?", Long.class, cutoff);
        return new Report(
                before,
                dryRun,
                batches,
                totals,
                stayed == null ? 0 : stayed,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private record Batch(long firstId, long lastId, Map<String, Long> rows) {}

    /** Inside the batch's transaction; null when nothing is left to move. */
    private Batch move(long after, OffsetDateTime cutoff, int batchSize, LocalDate before, String actor) {
        jdbc.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        List<Long> ids = jdbc.queryForList(PICK, Long.class, after, cutoff, FINAL_STATES, kafka, batchSize);
        if (ids.isEmpty()) {
            return null;
        }
        String batch = ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Move move : MOVES) {
            String columns = String.join(", ", columns(move.table()));
            int moved = jdbc.update(
                    "WITH batch (id) AS (SELECT unnest(?::bigint[])), moved AS (DELETE FROM " + move.table()
                            + " WHERE " + move.where() + " RETURNING " + columns + ") INSERT INTO archive_"
                            + move.table() + " (" + columns + ") SELECT " + columns + " FROM moved",
                    batch);
            rows.put(move.table(), (long) moved);
        }
        // payments first, as the report prints them
        Map<String, Long> ordered = new LinkedHashMap<>();
        ordered.put("payments", rows.remove("payments"));
        ordered.putAll(rows);
        audit.recordSystem(
                actor,
                AuditTrail.Entry.of("payments.archived", "archive", "before " + before)
                        .change(
                                null,
                                Map.of("first_id", ids.get(0), "last_id", ids.get(ids.size() - 1), "rows", ordered)));
        return new Batch(ids.get(0), ids.get(ids.size() - 1), ordered);
    }

    private final Map<String, List<String>> columns = new java.util.concurrent.ConcurrentHashMap<>();

    private List<String> columns(String table) {
        return columns.computeIfAbsent(table, t -> jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position""", String.class, t));
    }

    /**
     * Refuses to run when an archive table lacks a column of its live table, or a table outside the archive refers
     * to one that moves (its rows would be left pointing at nothing, or the move would fail).
     */
    void checkShapes() {
        columns.clear();
        List<String> problems = new ArrayList<>();
        for (String table : TABLES) {
            List<String> missing = new ArrayList<>(columns(table));
            missing.removeAll(columns("archive_" + table));
            if (!missing.isEmpty()) {
                problems.add("archive_" + table + " lacks column(s) " + missing + " of " + table);
            }
        }
        String tables = TABLES.stream().collect(Collectors.joining(",", "{", "}"));
        jdbc.query("""
                SELECT c.conrelid::regclass::text || ' (' || c.conname || ') refers to ' || c.confrelid::regclass::text
                FROM pg_constraint c
                WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY (?::text[])
                  AND NOT c.conrelid::regclass::text = ANY (?::text[])""", (rs, i) -> rs.getString(1), tables, tables)
                .forEach(key -> problems.add(key + ", which the archive moves"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the archive does not match the schema: " + String.join("; ", problems));
        }
    }

    /** Archived phones and emails stay encrypted: {@code re-encrypt} moves them to a new master key too. */
    @Override
    public Table encryptedColumns() {
        return new Table(
                "archive_payments",
                Map.of(
                        "phone", PaymentRepository.PHONE,
                        "email", PaymentRepository.EMAIL,
                        "paid_phone", PaymentRepository.PAID_PHONE,
                        "payer_msisdn", PaymentRepository.PAYER_MSISDN),
                "phone");
    }
}
