package ke.onpoint.pay.ledger;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The ledger's invariants, each one query over the whole ledger; the first violation found is reported. The database
 * already refuses most of them at write time (V13's trigger): this proves it still holds, after a restore, a manual
 * fix or a migration, and is what {@code java -jar onpoint-pay.jar verify-ledger} runs.
 */
@Service
public class LedgerVerification {

    /** One invariant: its name and a query returning a description of the first row that breaks it. */
    private record Invariant(String name, String sql) {}

    private static final List<Invariant> INVARIANTS = List.of(
            new Invariant("every posting sums to zero per currency", """
                    SELECT 'posting ' || posting_id || ' sums to ' || sum(amount_minor) || ' ' || currency
                    FROM ledger_entries GROUP BY posting_id, currency HAVING sum(amount_minor) <> 0 LIMIT 1"""),
            new Invariant("every posting has two entries or more", """
                    SELECT 'posting ' || p.id || ' (' || p.kind || ' ' || p.reference || ') has ' || count(e.id) || ' entries'
                    FROM ledger_postings p LEFT JOIN ledger_entries e ON e.posting_id = p.id
                    GROUP BY p.id HAVING count(e.id) < 2 LIMIT 1"""),
            new Invariant("every entry is in its account's currency", """
                    SELECT 'entry ' || e.id || ' is in ' || e.currency || ', its account ' || a.code || ' in ' || a.currency
                    FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.currency <> a.currency
                    LIMIT 1"""),
            new Invariant("every balance equals the sum of its account's entries", """
                    SELECT a.code || ': balance rows say ' || COALESCE(b.total, 0) || ' over ' || COALESCE(b.n, 0)
                           || ' entries, the entries sum to ' || COALESCE(e.total, 0) || ' over ' || COALESCE(e.n, 0)
                    FROM ledger_accounts a
                    LEFT JOIN (SELECT account_id, sum(amount_minor) AS total, count(*) AS n FROM ledger_entries
                               GROUP BY account_id) e ON e.account_id = a.id
                    LEFT JOIN (SELECT account_id, sum(balance_minor) AS total, sum(entry_count) AS n FROM ledger_balances
                               GROUP BY account_id) b ON b.account_id = a.id
                    WHERE COALESCE(e.total, 0) <> COALESCE(b.total, 0) OR COALESCE(e.n, 0) <> COALESCE(b.n, 0) LIMIT 1"""),
            new Invariant("no account below zero where it must not be", """
                    SELECT a.code || ' is at ' || CASE a.normal_side WHEN 'D' THEN sum(e.amount_minor)
                                                                     ELSE -sum(e.amount_minor) END
                    FROM ledger_accounts a JOIN ledger_entries e ON e.account_id = a.id
                    WHERE NOT a.may_go_negative GROUP BY a.id, a.code, a.normal_side
                    HAVING CASE a.normal_side WHEN 'D' THEN sum(e.amount_minor) ELSE -sum(e.amount_minor) END < 0
                    LIMIT 1"""),
            // archived payments too (the archive command moves payments, never their postings)
            new Invariant("every priced payment is posted with its fee", """
                    SELECT 'payment ' || p.reference || ' (fee ' || p.fee_minor || ') has '
                           || COALESCE('a posting with fee ' || lp.fee_minor || ' and gross ' || lp.gross_minor, 'no posting')
                    FROM (SELECT reference, fee_minor, amount_minor FROM payments
                          UNION ALL SELECT reference, fee_minor, amount_minor FROM archive_payments) p
                    LEFT JOIN ledger_postings lp ON lp.kind = 'payment.captured' AND lp.reference = p.reference
                    WHERE p.fee_minor IS NOT NULL
                      AND (lp.id IS NULL OR lp.fee_minor <> p.fee_minor OR lp.gross_minor <> p.amount_minor)
                    LIMIT 1"""),
            new Invariant("a settlement's figures are the sums of its lines", """
                    SELECT 'settlement ' || s.reference || ' says ' || s.line_count || ' lines netting ' || s.net_minor
                           || ', its lines are ' || count(l.entry_id) || ' netting ' || COALESCE(sum(l.net_minor), 0)
                    FROM settlements s LEFT JOIN settlement_lines l ON l.settlement_id = s.id
                    GROUP BY s.id HAVING s.line_count <> count(l.entry_id) OR s.net_minor <> COALESCE(sum(l.net_minor), 0)
                    LIMIT 1"""),
            new Invariant("every settlement line is an entry of its settlement's merchant", """
                    SELECT 'settlement line of entry ' || l.entry_id || COALESCE(' in settlement ' || s.reference, '')
                           || CASE WHEN s.id IS NULL THEN ' has no settlement' WHEN e.id IS NULL THEN ' has no entry'
                                   ELSE ' is an entry of account ' || a.code END
                    FROM settlement_lines l
                    LEFT JOIN settlements s ON s.id = l.settlement_id
                    LEFT JOIN ledger_entries e ON e.id = l.entry_id
                    LEFT JOIN ledger_accounts a ON a.id = e.account_id
                    WHERE s.id IS NULL OR e.id IS NULL OR a.merchant_id IS DISTINCT FROM s.merchant_id
                       OR a.mode <> s.mode OR a.currency <> s.currency
                    LIMIT 1"""),
            new Invariant("what is in payout is what the unfinished payouts carry", """
                    SELECT a.code || ' holds ' || held.amount || ', its unfinished payouts carry ' || carried.amount
                    FROM ledger_accounts a
                    CROSS JOIN LATERAL (SELECT -COALESCE(sum(b.balance_minor), 0) AS amount FROM ledger_balances b
                                        WHERE b.account_id = a.id) held
                    CROSS JOIN LATERAL (SELECT COALESCE(sum(p.amount_minor), 0) AS amount FROM payouts p
                                        WHERE p.merchant_id = a.merchant_id AND p.mode = a.mode
                                          AND p.currency = a.currency AND p.status IN ('queued', 'sending', 'sent')) carried
                    WHERE a.kind = 'in_payout' AND held.amount <> carried.amount
                    LIMIT 1"""));

    /** A broken invariant: which, and the first row that breaks it. */
    public record Violation(String invariant, String example) {}

    private final JdbcTemplate jdbc;

    public LedgerVerification(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The first violation, or empty when every invariant holds. */
    public Optional<Violation> firstViolation() {
        for (Invariant invariant : INVARIANTS) {
            Optional<String> example =
                    jdbc.queryForList(invariant.sql(), String.class).stream().findFirst();
            if (example.isPresent()) {
                return Optional.of(new Violation(invariant.name(), example.get()));
            }
        }
        return Optional.empty();
    }

    /** The invariants checked, by name (printed when all hold). */
    public List<String> invariants() {
        return INVARIANTS.stream().map(Invariant::name).toList();
    }
}
