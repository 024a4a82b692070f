package ke.onpoint.pay.settlement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.security.EncryptedColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code payouts} table after the settlement run queued them. Claims use {@code FOR UPDATE SKIP LOCKED} and
 * push {@code next_check_at} forward in the same statement, so two instances never take the same payout and a
 * payout whose instance died is taken again once that lease has passed.
 */
@Repository
public class Payouts implements EncryptedColumns {

    private static final String COLUMNS = """
            p.id, p.reference, p.settlement_id, s.reference, p.merchant_id, p.mode, p.amount_minor, p.currency,
            p.destination, p.destination_display, p.provider, p.status, p.provider_reference, p.provider_receipt,
            p.attempts, p.destination_type""";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Payouts.class);

    private final JdbcTemplate jdbc;
    private final PayoutDestinations destinations;
    private final RowMapper<Payout> mapper;

    public Payouts(JdbcTemplate jdbc, PayoutDestinations destinations) {
        this.jdbc = jdbc;
        this.destinations = destinations;
        this.mapper = (rs, i) -> new Payout(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getString(8),
                rs.getString(16),
                destination(rs.getString(16), rs.getString(9), rs.getString(2)),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getInt(15));
    }

    /** Null when it cannot be read (a key missing after a rotation, a damaged value): the payout waits for a person. */
    private PayoutDestination destination(String type, String stored, String reference) {
        try {
            return destinations.open(type, stored);
        } catch (RuntimeException e) {
            log.error("Payout {}: its destination cannot be read ({})", reference, e.getMessage());
            return null;
        }
    }

    @Override
    public Table encryptedColumns() {
        return new Table("payouts", Map.of("destination", PayoutDestinations.FIELD), null);
    }

    /**
     * Due queued payouts of merchants whose payouts are not paused, marked {@code sending} (one statement, committed
     * on its own before anything is sent): whatever happens next, the payout is never taken for a first send again.
     * The lease is when the recovery asks the provider about it if its answer is never recorded.
     */
    public List<Payout> claimQueued(int limit, Duration lease, Duration sendAfter) {
        return claim("""
                UPDATE payouts SET status = 'sending', attempts = attempts + 1, next_check_at = now() + ?::interval,
                    updated_at = now()
                WHERE id IN (SELECT p.id FROM payouts p JOIN merchants m ON m.id = p.merchant_id
                             WHERE p.status = 'queued' AND p.next_check_at <= now() AND NOT m.payouts_paused
                               AND p.created_at <= now() - ?::interval
                             ORDER BY p.next_check_at LIMIT ? FOR UPDATE OF p SKIP LOCKED)""", lease, sendAfter, limit);
    }

    /** Payouts whose send was never recorded or whose result is overdue, leased for the time one check takes. */
    public List<Payout> claimChecks(int limit, Duration lease) {
        return claim("""
                UPDATE payouts SET next_check_at = now() + ?::interval, updated_at = now()
                WHERE id IN (SELECT id FROM payouts WHERE status IN ('sending', 'sent') AND next_check_at <= now()
                             ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED)""", lease, null, limit);
    }

    private List<Payout> claim(String update, Duration lease, Duration sendAfter, int limit) {
        Object[] args = sendAfter == null
                ? new Object[] {interval(lease), limit}
                : new Object[] {interval(lease), interval(sendAfter), limit};
        return jdbc.query(
                "WITH claimed AS (" + update + " RETURNING *) SELECT " + COLUMNS
                        + " FROM claimed p JOIN settlements s ON s.id = p.settlement_id ORDER BY p.id",
                mapper,
                args);
    }

    public Optional<Payout> find(String reference) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM payouts p JOIN settlements s ON s.id = p.settlement_id "
                                + "WHERE p.reference = ?",
                        mapper,
                        reference)
                .stream()
                .findFirst();
    }

    Optional<String> referenceOf(String provider, String providerReference) {
        return jdbc
                .queryForList(
                        "SELECT reference FROM payouts WHERE provider = ? AND provider_reference = ?",
                        String.class,
                        provider,
                        providerReference)
                .stream()
                .findFirst();
    }

    /** The payout, locked for the caller's transaction (a result and a check never apply at the same time). */
    Optional<Payout> lock(String reference) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM payouts p JOIN settlements s ON s.id = p.settlement_id "
                                + "WHERE p.reference = ? FOR UPDATE OF p",
                        mapper,
                        reference)
                .stream()
                .findFirst();
    }

    /** The provider took it: its result is due within {@code resultTimeout}, then the recovery asks. */
    boolean markSent(long id, String providerReference, Duration resultTimeout) {
        return jdbc.update("""
                UPDATE payouts SET status = 'sent', provider_reference = COALESCE(?, provider_reference),
                    sent_at = now(), next_check_at = now() + ?::interval, updated_at = now()
                WHERE id = ? AND status = 'sending'""", providerReference, interval(resultTimeout), id) == 1;
    }

    /** No conclusive answer: asked about again after {@code after}. */
    void checkAfter(long id, Duration after) {
        jdbc.update("""
                UPDATE payouts SET next_check_at = now() + ?::interval, updated_at = now()
                WHERE id = ? AND status IN ('sending', 'sent') AND review_reason IS NULL""", interval(after), id);
    }

    /** The provider has no record of a payout being sent: queued again, sent again under the same reference. */
    boolean requeue(long id) {
        return jdbc.update("""
                UPDATE payouts SET status = 'queued', next_check_at = now(), updated_at = now()
                WHERE id = ? AND status = 'sending'""", id) == 1;
    }

    void finish(long id, String status, String receipt, String failureCode, String failureReason) {
        jdbc.update("""
                UPDATE payouts SET status = ?, provider_receipt = COALESCE(?, provider_receipt),
                    failure_code = ?, failure_reason = ?, next_check_at = NULL, completed_at = now(), updated_at = now()
                WHERE id = ?""", status, receipt, truncate(failureCode, 64), truncate(failureReason, 255), id);
    }

    /** Out of the check schedule until a person has looked at it; its status stays as it was. */
    void holdForReview(long id, String reason) {
        jdbc.update(
                "UPDATE payouts SET review_reason = ?, next_check_at = NULL, updated_at = now() WHERE id = ?",
                truncate(reason, 255),
                id);
    }

    void settle(long settlementId, String status) {
        jdbc.update("UPDATE settlements SET status = ?, updated_at = now() WHERE id = ?", status, settlementId);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
