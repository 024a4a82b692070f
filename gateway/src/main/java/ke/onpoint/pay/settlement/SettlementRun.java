package ke.onpoint.pay.settlement;

import java.sql.Array;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.payment.Outbox;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily settlement of one East Africa day, in one transaction, set-based (a million lines is a few statements,
 * not a million): every merchant entry that became settleable by that day and no settlement covers yet becomes a line
 * of its merchant's settlement (one per merchant, mode, currency and day); the payments' net moves from pending to
 * available; a merchant that may be paid gets one payout of its whole available balance, queued for the payout
 * routes; the others' settlements say why they are held.
 *
 * <p>Exactly once: runs of a day queue behind a transaction-scoped advisory lock; a settlement is unique per
 * merchant, mode, currency and day, a line per ledger entry, a payout per settlement, a posting per cause. A crash
 * rolls the whole day back; a rerun settles only what no settlement covers yet.
 */
@Service
public class SettlementRun {

    /** Advisory lock class of the settlement run (the day is the lock's second key). */
    private static final int LOCK = 0x5e771e;

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final SettlementProperties properties;
    private final Settlements settlements;
    private final PayoutRails rails;

    public SettlementRun(
            JdbcTemplate jdbc,
            Outbox outbox,
            SettlementProperties properties,
            Settlements settlements,
            PayoutRails rails) {
        this.jdbc = jdbc;
        this.rails = rails;
        this.outbox = outbox;
        this.properties = properties;
        this.settlements = settlements;
    }

    /** What a run did. */
    public record Result(LocalDate settlementDate, int settlements, long lines, int paying, int held) {}

    @Transactional
    public Result run(LocalDate day, String triggeredBy) {
        jdbc.query("SELECT pg_advisory_xact_lock(?, ?)", rs -> {}, LOCK, (int) day.toEpochDay());
        openMerchantAccounts();
        Date date = Date.valueOf(day);
        Object[] created = jdbc.queryForObject(
                """
                WITH candidates AS MATERIALIZED (
                    SELECT e.id AS entry_id, a.merchant_id, a.mode, a.currency, a.kind AS account_kind, e.amount_minor,
                           p.kind, p.reference, p.gross_minor, p.fee_minor, p.created_at
                    FROM ledger_entries e
                    JOIN ledger_accounts a ON a.id = e.account_id AND a.kind IN ('pending', 'available')
                    JOIN ledger_postings p ON p.id = e.posting_id
                    WHERE e.settle_on <= ?::date AND e.settle_on > ?::date - ?::int
                      AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.entry_id = e.id)),
                created AS (
                    INSERT INTO settlements (reference, merchant_id, mode, currency, settlement_date, status, hold_reason,
                        line_count, gross_minor, fees_minor, refunds_minor, net_minor, released_minor)
                    SELECT 'STL' || to_char(?::date, 'YYYYMMDD')
                               || upper(substr(md5(merchant_id || ':' || mode || ':' || currency || ':' || ?::text), 1, 12)),
                           merchant_id, mode, currency, ?::date, 'held', 'nothing_to_pay', count(*),
                           COALESCE(sum(gross_minor) FILTER (WHERE kind = 'payment.captured'), 0),
                           COALESCE(sum(fee_minor), 0),
                           COALESCE(sum(-gross_minor) FILTER (WHERE kind = 'refund.processed'), 0),
                           sum(-amount_minor),
                           COALESCE(sum(-amount_minor) FILTER (WHERE account_kind = 'pending'), 0)
                    FROM candidates GROUP BY merchant_id, mode, currency
                    ON CONFLICT ON CONSTRAINT settlements_day_uk DO NOTHING
                    RETURNING id, merchant_id, mode, currency),
                lines AS (
                    INSERT INTO settlement_lines (entry_id, settlement_id, kind, reference, gross_minor, fee_minor,
                        net_minor, occurred_at)
                    SELECT c.entry_id, s.id, c.kind, c.reference, COALESCE(c.gross_minor, -c.amount_minor),
                           COALESCE(c.fee_minor, 0), -c.amount_minor, c.created_at
                    FROM candidates c JOIN created s USING (merchant_id, mode, currency)
                    RETURNING 1)
                SELECT (SELECT COALESCE(array_agg(id ORDER BY id), '{}') FROM created), (SELECT count(*) FROM lines)""",
                (rs, i) -> new Object[] {rs.getArray(1).getArray(), rs.getLong(2)},
                date,
                date,
                properties.lookbackDays(),
                date,
                day.toString(),
                date);
        Long[] ids = (Long[]) created[0];
        long lines = (Long) created[1];
        if (ids.length > 0) {
            release(ids);
            List<PayoutRails.Terms> terms = rails.terms();
            decide(ids, terms);
            queuePayouts(ids, date, terms);
            outbox.appendAll(settlements.byIds(List.of(ids)).stream()
                    .map(s -> new Outbox.Appended(
                            s.merchantId(), s.mode(), s.reference(), "settlement.created", s.view()))
                    .toList());
        }
        int paying = countPaying(ids);
        jdbc.update("""
                INSERT INTO settlement_runs (settlement_date, settlements, lines, triggered_by, finished_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (settlement_date) DO UPDATE SET settlements = settlement_runs.settlements + excluded.settlements,
                    lines = settlement_runs.lines + excluded.lines, triggered_by = excluded.triggered_by,
                    finished_at = now()""", date, ids.length, lines, triggeredBy);
        return new Result(day, ids.length, lines, paying, ids.length - paying);
    }

    /** Every merchant with a pending account gets its available and in_payout accounts (no-op when they exist). */
    private void openMerchantAccounts() {
        jdbc.update(
                """
                INSERT INTO ledger_accounts (code, kind, merchant_id, mode, currency, normal_side, may_go_negative)
                SELECT 'merchant:' || a.merchant_id || ':' || a.mode || ':' || a.currency || ':' || k.kind, k.kind,
                       a.merchant_id, a.mode, a.currency, k.side, k.negative
                FROM ledger_accounts a CROSS JOIN (VALUES (?, ?, ?), (?, ?, ?)) AS k (kind, side, negative)
                WHERE a.kind = 'pending'
                ON CONFLICT (code) DO NOTHING""",
                AccountKind.AVAILABLE.code(),
                String.valueOf(AccountKind.AVAILABLE.normalSide()),
                AccountKind.AVAILABLE.mayGoNegative(),
                AccountKind.IN_PAYOUT.code(),
                String.valueOf(AccountKind.IN_PAYOUT.normalSide()),
                AccountKind.IN_PAYOUT.mayGoNegative());
    }

    /** One posting per settlement: its payments' net leaves pending for available. */
    private void release(Long[] ids) {
        jdbc.update("""
                WITH posting AS (
                    INSERT INTO ledger_postings (kind, reference, merchant_id, mode)
                    SELECT 'settlement.released', s.reference, s.merchant_id, s.mode FROM settlements s
                    WHERE s.id = ANY (?) AND s.released_minor <> 0
                    RETURNING id, reference)
                INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency)
                SELECT posting.id, a.id, CASE a.kind WHEN 'pending' THEN s.released_minor ELSE -s.released_minor END,
                       s.currency
                FROM posting JOIN settlements s ON s.reference = posting.reference
                JOIN ledger_accounts a ON a.merchant_id = s.merchant_id AND a.mode = s.mode AND a.currency = s.currency
                    AND a.kind IN ('pending', 'available')""", array(ids));
    }

    /**
     * Pays or holds each settlement: live money needs approved KYC; payouts may be paused by an admin; a payout needs a
     * destination some rail pays in the settlement's currency (M-Pesa takes KES only) and at least the minimum payout.
     * A payout carries what its rail can: M-Pesa whole shillings up to KES 250,000; the rest waits in available.
     */
    private void decide(Long[] ids, List<PayoutRails.Terms> terms) {
        String railTerms = terms.isEmpty()
                ? "SELECT NULL::text, NULL::text, NULL::bigint, NULL::bigint WHERE false"
                : "VALUES "
                        + String.join(
                                ", ", java.util.Collections.nCopies(terms.size(), "(?, ?, ?::bigint, ?::bigint)"));
        List<Object> args = new java.util.ArrayList<>();
        terms.forEach(t -> args.addAll(List.of(t.destinationType(), t.provider(), t.unitMinor(), t.maxPayoutMinor())));
        args.add(properties.minimumPayoutMinor());
        args.add(array(ids));
        jdbc.update("""
                WITH rail (destination_type, provider, unit_minor, max_minor) AS (%s)
                UPDATE settlements s
                SET status = CASE WHEN d.reason IS NULL THEN 'paying' ELSE 'held' END, hold_reason = d.reason,
                    payout_minor = CASE WHEN d.reason IS NULL THEN d.payable END, updated_at = now()
                FROM (SELECT s2.id, p.payable,
                             CASE WHEN bal.available <= 0 THEN 'nothing_to_pay'
                                  WHEN s2.mode = 'live' AND m.kyc_status <> 'approved' THEN 'kyc_not_approved'
                                  WHEN m.payouts_paused THEN 'payouts_paused'
                                  WHEN pd.merchant_id IS NULL OR rail.provider IS NULL THEN 'no_destination'
                                  WHEN s2.currency <> 'KES' AND pd.type <> 'bank_account' THEN 'no_destination'
                                  WHEN p.payable < ? THEN 'below_minimum' END AS reason
                      FROM settlements s2
                      JOIN merchants m ON m.id = s2.merchant_id
                      LEFT JOIN payout_destinations pd ON pd.merchant_id = s2.merchant_id
                      LEFT JOIN rail ON rail.destination_type = pd.type
                      CROSS JOIN LATERAL (
                          SELECT -COALESCE(sum(b.balance_minor), 0) AS available
                          FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
                          WHERE a.merchant_id = s2.merchant_id AND a.mode = s2.mode AND a.currency = s2.currency
                            AND a.kind = 'available') bal
                      CROSS JOIN LATERAL (
                          SELECT LEAST(bal.available - mod(bal.available, COALESCE(rail.unit_minor, 1)),
                                       COALESCE(rail.max_minor, bal.available)) AS payable) p
                      WHERE s2.id = ANY (?)) d
                WHERE s.id = d.id""".formatted(railTerms), args.toArray());
    }

    /**
     * One payout per paying settlement, {@code queued} for the payout routes, its money moved from available to
     * in_payout. Its reference (Daraja's OriginatorConversationID, Paystack's transfer reference) derives from the
     * settlement's, so no second payout of a settlement can exist.
     */
    private void queuePayouts(Long[] ids, Date date, List<PayoutRails.Terms> terms) {
        jdbc.update(
                """
                WITH queued AS (
                    INSERT INTO payouts (reference, settlement_id, merchant_id, mode, amount_minor, currency,
                        destination_type, destination, destination_display, provider, status, next_check_at)
                    SELECT 'PO' || to_char(?::date, 'YYYYMMDD') || upper(substr(md5(s.reference), 1, 14)), s.id,
                           s.merchant_id, s.mode, s.payout_minor, s.currency, pd.type, pd.details, pd.display,
                           rail.provider, 'queued', now()
                    FROM settlements s JOIN payout_destinations pd ON pd.merchant_id = s.merchant_id
                    JOIN unnest(?::text[], ?::text[]) AS rail (destination_type, provider) ON rail.destination_type = pd.type
                    WHERE s.id = ANY (?) AND s.status = 'paying'
                    RETURNING reference, merchant_id, mode, currency, amount_minor),
                posting AS (
                    INSERT INTO ledger_postings (kind, reference, merchant_id, mode)
                    SELECT 'payout.queued', reference, merchant_id, mode FROM queued
                    RETURNING id, reference)
                INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency)
                SELECT posting.id, a.id, CASE a.kind WHEN 'available' THEN q.amount_minor ELSE -q.amount_minor END,
                       q.currency
                FROM posting JOIN queued q ON q.reference = posting.reference
                JOIN ledger_accounts a ON a.merchant_id = q.merchant_id AND a.mode = q.mode AND a.currency = q.currency
                    AND a.kind IN ('available', 'in_payout')""",
                date,
                textArray(terms.stream().map(PayoutRails.Terms::destinationType)),
                textArray(terms.stream().map(PayoutRails.Terms::provider)),
                array(ids));
    }

    private int countPaying(Long[] ids) {
        if (ids.length == 0) {
            return 0;
        }
        Integer n = jdbc.queryForObject(
                "SELECT count(*)::int FROM settlements WHERE id = ANY (?) AND status = 'paying'",
                Integer.class,
                array(ids));
        return n == null ? 0 : n;
    }

    private Array textArray(java.util.stream.Stream<String> values) {
        String[] array = values.toArray(String[]::new);
        return jdbc.execute((ConnectionCallback<Array>) c -> c.createArrayOf("text", array));
    }

    private Array array(Long[] ids) {
        return jdbc.execute((ConnectionCallback<Array>) c -> c.createArrayOf("bigint", ids));
    }
}
