package ke.onpoint.pay.refund;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL for refunds; a refund leaves {@code pending} once, so replayed outcomes are no-ops. */
@Repository
public class RefundRepository {

    private static final RowMapper<Refund> ROW = RefundRepository::map;
    private final JdbcTemplate jdbc;

    public RefundRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Refund insert(
            String reference,
            long paymentId,
            long merchantId,
            long amountMinor,
            String currency,
            String reason,
            String provider) {
        return jdbc.queryForObject("""
                INSERT INTO refunds (reference, payment_id, merchant_id, amount_minor, currency, reason, status, provider)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING *""", ROW, reference, paymentId, merchantId, amountMinor, currency, reason, provider);
    }

    /** The provider's latest id for the refund; earlier ones keep pointing at it (refund_provider_ids). */
    public void recordProviderId(long id, String providerRefundId) {
        jdbc.update("UPDATE refunds SET provider_refund_id = ?, updated_at = now() WHERE id = ?", providerRefundId, id);
        jdbc.update(
                "INSERT INTO refund_provider_ids (provider, provider_refund_id, refund_id) "
                        + "SELECT provider, ?, id FROM refunds WHERE id = ? ON CONFLICT DO NOTHING",
                providerRefundId,
                id);
    }

    /** Leaves pending for the given outcome; empty when it already had one. */
    public Optional<Refund> finish(long id, String status, String failureCode, String failureReason) {
        return finish(id, Refund.PENDING, status, failureCode, failureReason);
    }

    /** Leaves {@code from} (pending, or needs_review for a person's verdict) for the outcome; empty when not in it. */
    public Optional<Refund> finish(long id, String from, String status, String failureCode, String failureReason) {
        return jdbc.query("""
                UPDATE refunds SET status = ?, failure_code = ?, failure_reason = ?, updated_at = now(),
                    processed_at = CASE WHEN ? = 'processed' THEN now() END
                WHERE id = ? AND status = ? RETURNING *""", ROW, status, failureCode, failureReason, status, id, from).stream()
                .findFirst();
    }

    /** A refund by its reference, locked; any status. */
    public Optional<Refund> lockByReference(String reference) {
        return jdbc.query("SELECT * FROM refunds WHERE reference = ? FOR UPDATE", ROW, reference).stream()
                .findFirst();
    }

    public Optional<Refund> lockByProviderId(String provider, String providerRefundId) {
        return jdbc.query("""
                SELECT r.* FROM refunds r JOIN refund_provider_ids i ON i.refund_id = r.id
                WHERE i.provider = ? AND i.provider_refund_id = ? FOR UPDATE OF r""", ROW, provider, providerRefundId).stream().findFirst();
    }

    public Optional<Refund> pendingByProviderId(String provider, String providerRefundId) {
        return jdbc.query("""
                SELECT r.* FROM refunds r JOIN refund_provider_ids i ON i.refund_id = r.id
                WHERE i.provider = ? AND i.provider_refund_id = ? AND r.status = 'pending'""", ROW, provider, providerRefundId).stream().findFirst();
    }

    /** The pending refund of a payment at a provider (M-Pesa reverses whole payments: at most one). */
    public Optional<Refund> lockPendingForPayment(String provider, String paymentReference) {
        return jdbc.query("""
                SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id
                WHERE r.provider = ? AND p.reference = ? AND r.status = 'pending' ORDER BY r.id LIMIT 1 FOR UPDATE OF r""", ROW, provider, paymentReference).stream().findFirst();
    }

    public Optional<Refund> findById(long id) {
        return jdbc.query("SELECT * FROM refunds WHERE id = ?", ROW, id).stream()
                .findFirst();
    }

    /** Pending refunds a processor accepted at least {@code age} ago, oldest first. */
    public java.util.List<Refund> pendingSince(java.time.Duration age, int limit) {
        return jdbc.query("""
                SELECT * FROM refunds WHERE status = 'pending' AND provider_refund_id IS NOT NULL
                AND updated_at < now() - ?::interval ORDER BY updated_at LIMIT ?""", ROW, age.toMillis() + " milliseconds", limit);
    }

    /** Pending refunds whose request never reached the provider, last tried at least {@code age} ago, oldest first. */
    public java.util.List<Refund> unsentSince(java.time.Duration age, int limit) {
        return jdbc.query("""
                SELECT * FROM refunds WHERE status = 'pending' AND provider_refund_id IS NULL
                AND updated_at < now() - ?::interval ORDER BY updated_at LIMIT ?""", ROW, age.toMillis() + " milliseconds", limit);
    }

    /** Counts one more try at sending the refund; returns how many there have been. */
    public int noteSendAttempt(long id) {
        return jdbc.queryForObject(
                "UPDATE refunds SET send_attempts = send_attempts + 1, updated_at = now() "
                        + "WHERE id = ? RETURNING send_attempts",
                Integer.class,
                id);
    }

    public int sendAttempts(long id) {
        return jdbc.queryForObject("SELECT send_attempts FROM refunds WHERE id = ?", Integer.class, id);
    }

    /** Refunds of a payment that have gone through. */
    public void recordFeeReturned(long id, long feeReturnedMinor) {
        jdbc.update("UPDATE refunds SET fee_returned_minor = ? WHERE id = ?", feeReturnedMinor, id);
    }

    /** The fee already given back by this payment's processed refunds. */
    public long feeReturnedMinor(long paymentId) {
        Long sum = jdbc.queryForObject(
                "SELECT COALESCE(sum(fee_returned_minor), 0) FROM refunds WHERE payment_id = ? AND status = 'processed'",
                Long.class,
                paymentId);
        return sum == null ? 0 : sum;
    }

    public long processedMinor(long paymentId) {
        return jdbc.queryForObject(
                "SELECT COALESCE(sum(amount_minor), 0) FROM refunds WHERE payment_id = ? AND status = 'processed'",
                Long.class,
                paymentId);
    }

    private static Refund map(ResultSet rs, int row) throws SQLException {
        return new Refund(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getLong("payment_id"),
                rs.getLong("merchant_id"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("reason"),
                rs.getString("status"),
                rs.getString("provider"),
                rs.getString("provider_refund_id"),
                rs.getString("failure_code"),
                rs.getString("failure_reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "processed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
