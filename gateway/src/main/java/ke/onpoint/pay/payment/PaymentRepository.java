package ke.onpoint.pay.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.security.EncryptedColumns;
import ke.onpoint.pay.security.FieldCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * SQL for payments. State changes are conditional on the current state, so a replayed change is a no-op.
 * Customer phones and emails are encrypted at rest (FieldCipher); the phone's keyed hash serves look-ups.
 */
@Repository
public class PaymentRepository implements EncryptedColumns {

    public static final String PHONE = "payments.phone";
    static final String EMAIL = "payments.email";
    public static final String PAID_PHONE = "payments.paid_phone";
    public static final String PAYER_MSISDN = "payments.payer_msisdn";

    private static final String NO_ANSWER_CODES = "{" + String.join(",", PaymentOutcome.NO_ANSWER_CODES) + "}";
    private final RowMapper<Payment> ROW = this::map;
    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;

    public PaymentRepository(JdbcTemplate jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public Table encryptedColumns() {
        return new Table(
                "payments",
                Map.of("phone", PHONE, "email", EMAIL, "paid_phone", PAID_PHONE, "payer_msisdn", PAYER_MSISDN),
                "phone");
    }

    /** Empty when the merchant already has a payment with this merchant reference (in this mode). */
    public Optional<Payment> insert(
            long merchantId,
            String mode,
            String reference,
            String provider,
            InitiatePayment request,
            Duration checkAfter) {
        return jdbc
                .query(
                        """
                INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                    amount_minor, currency, phone, phone_hash, phone_last4, email, description, callback_url, metadata,
                    next_check_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now() + ?::interval)
                ON CONFLICT ON CONSTRAINT payments_merchant_reference_uk DO NOTHING
                RETURNING *""",
                        ROW,
                        reference,
                        merchantId,
                        mode,
                        request.merchantReference(),
                        request.method().code(),
                        provider,
                        request.amountMinor(),
                        request.currency(),
                        cipher.encrypt(PHONE, request.phone()),
                        cipher.lookupHash(request.phone()),
                        EncryptedColumns.lastFour(request.phone()),
                        cipher.encrypt(EMAIL, request.email()),
                        request.description(),
                        request.callbackUrl(),
                        request.metadataJson(),
                        checkAfter.toMillis() + " milliseconds")
                .stream()
                .findFirst();
    }

    /** By the gateway's reference or the merchant's own, within one merchant and mode only. */
    public Optional<Payment> findForMerchant(long merchantId, String mode, String reference) {
        return jdbc.query("""
                SELECT * FROM payments WHERE merchant_id = ? AND mode = ? AND (reference = ? OR merchant_reference = ?)
                ORDER BY (reference = ?) DESC LIMIT 1""", ROW, merchantId, mode, reference, reference, reference).stream()
                .findFirst();
    }

    /**
     * An archived payment (see {@link PaymentArchive}), found like {@link #findForMerchant}: read-only, never locked or
     * changed.
     */
    public Optional<Payment> findArchivedForMerchant(long merchantId, String mode, String reference) {
        return jdbc.query("""
                SELECT * FROM archive_payments
                WHERE merchant_id = ? AND mode = ? AND (reference = ? OR merchant_reference = ?)
                ORDER BY (reference = ?) DESC, id DESC LIMIT 1""", ROW, merchantId, mode, reference, reference, reference).stream()
                .findFirst();
    }

    /** Locks a live payment; empty when it is no longer live (archived since it was read). */
    public Optional<Payment> lockIfLive(long id) {
        return jdbc.query("SELECT * FROM payments WHERE id = ? FOR UPDATE", ROW, id).stream()
                .findFirst();
    }

    public Optional<Payment> findByMerchantReference(long merchantId, String mode, String merchantReference) {
        return jdbc
                .query(
                        "SELECT * FROM payments WHERE merchant_id = ? AND mode = ? AND merchant_reference = ?",
                        ROW,
                        merchantId,
                        mode,
                        merchantReference)
                .stream()
                .findFirst();
    }

    public Optional<Payment> findByCheckoutRequestId(String checkoutRequestId) {
        return jdbc.query("SELECT * FROM payments WHERE checkout_request_id = ?", ROW, checkoutRequestId).stream()
                .findFirst();
    }

    /** Locks the payment row for a state change (callbacks and reconciliation may race). */
    public Optional<Payment> lockByCheckoutRequestId(String checkoutRequestId) {
        return jdbc
                .query("SELECT * FROM payments WHERE checkout_request_id = ? FOR UPDATE", ROW, checkoutRequestId)
                .stream()
                .findFirst();
    }

    /**
     * Ids a callback already attached (a slow answer overtaken by its own callback) are kept, never overwritten. Its
     * commit does not wait for the WAL flush (synchronous_commit off for this transaction only): ids lost in a database
     * crash cost nothing, since the provider's callback finds the payment by our reference and attaches them again.
     */
    public Payment recordProviderIds(
            long id,
            String provider,
            String providerRequestId,
            String checkoutId,
            String customerMessage,
            String authorizationUrl) {
        return jdbc.queryForObject(
                """
                WITH durability AS (SELECT set_config('synchronous_commit', 'off', true))
                UPDATE payments SET provider = ?, merchant_request_id = COALESCE(merchant_request_id, ?),
                    checkout_request_id = COALESCE(checkout_request_id, ?), customer_message = ?,
                    authorization_url = ?, updated_at = now()
                FROM durability WHERE id = ? RETURNING payments.*""", ROW, provider, providerRequestId, checkoutId, customerMessage, authorizationUrl, id);
    }

    /** The push's answer was lost: the payment stays pending, and says so. */
    public Payment recordOutcomeUnknown(long id, String message) {
        return jdbc.queryForObject(
                "UPDATE payments SET customer_message = ?, updated_at = now() WHERE id = ? RETURNING *",
                ROW,
                message,
                id);
    }

    /**
     * Records the provider's ids learnt from a callback on a payment whose push answer was lost (timeout, crash or
     * failed write before they were saved); empty when the payment has ids already.
     */
    public Optional<Payment> attachProviderIds(long id, String providerRequestId, String checkoutId) {
        return jdbc.query("""
                UPDATE payments SET merchant_request_id = COALESCE(merchant_request_id, ?), checkout_request_id = ?,
                    updated_at = now()
                WHERE id = ? AND checkout_request_id IS NULL RETURNING *""", ROW, providerRequestId, checkoutId, id).stream().findFirst();
    }

    /**
     * Locks the payments a provider result that names no known request could belong to: pushed to this phone for
     * this amount since {@code since}, and still without the provider's ids (their push answer never got recorded).
     * Pending ones, and those the gateway expired only because no answer came.
     */
    public List<Payment> lockUnconfirmedPushes(String provider, long amountMinor, String phone, Instant since) {
        List<byte[]> hashes = cipher.lookupHashes(phone);
        List<Object> args = new ArrayList<>(List.of(provider, amountMinor, Timestamp.from(since)));
        args.addAll(hashes);
        args.add(NO_ANSWER_CODES);
        return jdbc.query(
                """
                SELECT * FROM payments WHERE provider = ? AND checkout_request_id IS NULL AND amount_minor = ?
                    AND created_at >= ? AND phone_hash IN (%s)
                    AND (status = 'pending' OR (status = 'expired' AND failure_code = ANY (?::text[])))
                ORDER BY id FOR UPDATE""".formatted(String.join(",", java.util.Collections.nCopies(hashes.size(), "?"))),
                ROW,
                args.toArray());
    }

    public Optional<Payment> findByReference(String reference) {
        return jdbc.query("SELECT * FROM payments WHERE reference = ?", ROW, reference).stream()
                .findFirst();
    }

    public Payment findById(long id) {
        return jdbc.queryForObject("SELECT * FROM payments WHERE id = ?", ROW, id);
    }

    public Payment lockById(long id) {
        return jdbc.queryForObject("SELECT * FROM payments WHERE id = ? FOR UPDATE", ROW, id);
    }

    /** Locks the payment row for a state change or a refund (concurrent webhooks, refunds and checks). */
    public Optional<Payment> lockByReference(String reference) {
        return jdbc.query("SELECT * FROM payments WHERE reference = ? FOR UPDATE", ROW, reference).stream()
                .findFirst();
    }

    /** What the processor reported about the card and its own transaction id, once it says the payment is paid. */
    public void recordCard(long id, String providerTransactionId, String last4, String brand, String expiry) {
        jdbc.update("""
                UPDATE payments SET provider_transaction_id = COALESCE(?, provider_transaction_id),
                    card_last4 = COALESCE(?, card_last4), card_brand = COALESCE(?, card_brand),
                    card_expiry = COALESCE(?, card_expiry), updated_at = now()
                WHERE id = ?""", providerTransactionId, last4, brand, expiry, id);
    }

    /** Moves refunded_minor by delta (negative gives back a failed refund) and sets the status; returns the row. */
    public Payment adjustRefunded(long id, long delta, PaymentStatus status) {
        return jdbc.queryForObject("""
                UPDATE payments SET refunded_minor = refunded_minor + ?, status = ?, updated_at = now()
                WHERE id = ? RETURNING *""", ROW, delta, status.code(), id);
    }

    /** Moves the payment to the outcome's status if it is still in a state that may move there. */
    public Optional<Payment> transition(long id, PaymentOutcome outcome, Long feeMinor) {
        String from = "{"
                + String.join(
                        ",",
                        outcome.status().predecessors().stream()
                                .map(PaymentStatus::code)
                                .toList()) + "}";
        return jdbc
                .query(
                        """
                UPDATE payments SET status = ?, failure_code = ?, failure_reason = ?, fee_minor = COALESCE(?, fee_minor),
                    provider_receipt = COALESCE(?, provider_receipt), paid_phone = COALESCE(?, paid_phone),
                    paid_at = COALESCE(?, paid_at), completed_at = CASE WHEN ? THEN now() ELSE completed_at END,
                    next_check_at = NULL, updated_at = now()
                WHERE id = ? AND status = ANY (?::text[]) RETURNING *""",
                        ROW,
                        outcome.status().code(),
                        outcome.failureCode(),
                        outcome.failureReason(),
                        feeMinor,
                        outcome.receipt(),
                        cipher.encrypt(PAID_PHONE, outcome.paidPhone()),
                        outcome.paidAt() == null ? null : Timestamp.from(outcome.paidAt()),
                        outcome.status() == PaymentStatus.COMPLETED,
                        id,
                        from)
                .stream()
                .findFirst();
    }

    /**
     * Completes a payment the gateway expired only because no provider answer came in time (never one the provider
     * itself ended): the customer paid, so the late success is applied rather than lost.
     */
    public Optional<Payment> completeAfterUnansweredExpiry(long id, PaymentOutcome outcome, long feeMinor) {
        return jdbc
                .query(
                        """
                UPDATE payments SET status = 'completed', failure_code = NULL, failure_reason = NULL, fee_minor = ?,
                    provider_receipt = COALESCE(?, provider_receipt), paid_phone = COALESCE(?, paid_phone),
                    paid_at = COALESCE(?, paid_at), completed_at = now(), next_check_at = NULL, updated_at = now()
                WHERE id = ? AND status = 'expired' AND failure_code = ANY (?::text[]) RETURNING *""",
                        ROW,
                        feeMinor,
                        outcome.receipt(),
                        cipher.encrypt(PAID_PHONE, outcome.paidPhone()),
                        outcome.paidAt() == null ? null : Timestamp.from(outcome.paidAt()),
                        id,
                        NO_ANSWER_CODES)
                .stream()
                .findFirst();
    }

    /**
     * Claims pending payments whose check is due and pushes their next check out, so a concurrent run on another
     * instance skips them ({@code SKIP LOCKED}).
     */
    public List<Payment> claimDueChecks(String provider, int limit, Duration nextCheckIn) {
        return jdbc.query("""
                UPDATE payments SET next_check_at = now() + ?::interval
                WHERE id IN (SELECT id FROM payments WHERE status = 'pending' AND next_check_at <= now() AND provider = ?
                             ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING *""", ROW, nextCheckIn.toMillis() + " milliseconds", provider, limit);
    }

    /**
     * A page of a merchant's payments in one mode. {@code receipt} is the provider's receipt (M-Pesa) or transaction
     * id (card processors); {@code phone} a whole number, found by its keyed hash; {@code phoneLast4} its last four
     * digits; {@code beforeId} the id of the last payment of the previous page.
     */
    public record ListFilter(
            long merchantId,
            String mode,
            PaymentStatus status,
            PaymentMethod method,
            Instant createdFrom,
            Instant createdBefore,
            Long beforeId,
            int limit,
            String phone,
            String search,
            String receipt,
            String phoneLast4) {}

    /**
     * Newest first, by (created_at, id): the order of the merchant's indexes ({@code (merchant_id, mode, created_at,
     * id)} and the same led by status, method or a phone's last digits), so a page reads only its own rows, however
     * deep and whichever filter. Keyset pagination: the next page starts after the last row of this one, so pages
     * stay stable while payments are added.
     */
    public List<Payment> list(ListFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payments WHERE merchant_id = ? AND mode = ?");
        List<Object> args = new ArrayList<>(List.of(f.merchantId(), f.mode()));
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status().code());
        }
        if (f.method() != null) {
            sql.append(" AND payment_method = ?");
            args.add(f.method().code());
        }
        if (f.phone() != null) {
            // by keyed hash under every known master key: rows written before a rotation are still found
            List<byte[]> hashes = cipher.lookupHashes(f.phone());
            sql.append(" AND phone_hash IN (")
                    .append(String.join(",", java.util.Collections.nCopies(hashes.size(), "?")))
                    .append(")");
            args.addAll(hashes);
        }
        if (f.search() != null) {
            search(f.search(), sql, args);
        }
        if (f.phoneLast4() != null) {
            sql.append(" AND phone_last4 = ?");
            args.add(f.phoneLast4());
        }
        if (f.receipt() != null) {
            // M-Pesa receipts are upper case; a card processor's id as it gave it
            sql.append(" AND (provider_receipt = ? OR provider_transaction_id = ?)");
            args.add(f.receipt().toUpperCase(java.util.Locale.ROOT));
            args.add(f.receipt());
        }
        if (f.createdFrom() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(f.createdFrom()));
        }
        if (f.createdBefore() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(f.createdBefore()));
        }
        if (f.beforeId() != null) {
            // the row comparison is an index condition: the scan starts right after the cursor's row
            sql.append(
                    " AND (created_at, id) < ((SELECT created_at FROM payments WHERE id = ? AND merchant_id = ?), ?)");
            args.add(f.beforeId());
            args.add(f.merchantId());
            args.add(f.beforeId());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(f.limit());
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /**
     * One box for what a merchant has at hand: the gateway's reference, their own, an M-Pesa receipt, the last four
     * digits of the customer's phone, or the whole number. Each is an equality over an index, OR'ed.
     */
    private void search(String text, StringBuilder sql, List<Object> args) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        sql.append(" AND (reference IN (?, ?) OR merchant_reference = ? OR provider_receipt IN (?, ?)");
        args.addAll(List.of(text, upper, text, text, upper));
        if (text.matches("\\d{4}")) {
            sql.append(" OR phone_last4 = ?");
            args.add(text);
        }
        Optional<String> phone = PhoneNumbers.normalise(text);
        if (phone.isPresent()) {
            List<byte[]> hashes = cipher.lookupHashes(phone.get());
            sql.append(" OR phone_hash IN (")
                    .append(String.join(",", java.util.Collections.nCopies(hashes.size(), "?")))
                    .append(")");
            args.addAll(hashes);
        }
        sql.append(")");
    }

    private Payment map(ResultSet rs, int row) throws SQLException {
        return new Payment(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getLong("merchant_id"),
                rs.getString("mode"),
                rs.getString("merchant_reference"),
                PaymentMethod.fromCode(rs.getString("payment_method")).orElseThrow(),
                rs.getString("provider"),
                PaymentStatus.fromCode(rs.getString("status")).orElseThrow(),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                cipher.decrypt(PHONE, rs.getString("phone")),
                cipher.decrypt(EMAIL, rs.getString("email")),
                rs.getString("description"),
                rs.getString("callback_url"),
                rs.getString("metadata"),
                rs.getString("merchant_request_id"),
                rs.getString("checkout_request_id"),
                rs.getString("customer_message"),
                rs.getString("provider_receipt"),
                cipher.decrypt(PAID_PHONE, rs.getString("paid_phone")),
                instant(rs, "paid_at"),
                rs.getString("failure_code"),
                rs.getString("failure_reason"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "completed_at"),
                rs.getString("authorization_url"),
                rs.getString("provider_transaction_id"),
                rs.getString("card_last4"),
                rs.getString("card_brand"),
                rs.getString("card_expiry"),
                rs.getLong("refunded_minor"),
                rs.getObject("fee_minor", Long.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
