package ke.onpoint.pay.ledger;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes postings. A posting and its entries are one statement, in the transaction of the state change that causes
 * it; the database checks that it balances and keeps the balances (trigger {@code ledger_entries_posted}, V13).
 */
@Service
public class Ledger {

    private final JdbcTemplate jdbc;
    private final LedgerAccounts accounts;

    public Ledger(JdbcTemplate jdbc, LedgerAccounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** Posts it in the caller's transaction; false when its cause was already posted (a replay changes nothing). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean post(Posting posting) {
        List<Object> args = new ArrayList<>();
        args.add(posting.kind());
        args.add(posting.reference());
        args.add(posting.merchantId());
        args.add(posting.mode());
        args.add(posting.grossMinor());
        args.add(posting.feeMinor());
        StringBuilder values = new StringBuilder();
        for (Posting.Entry entry : posting.entries()) {
            values.append(values.isEmpty() ? "" : ", ").append("(?::bigint, ?::bigint, ?::char(3), ?::date)");
            args.add(accounts.idOf(entry.account()));
            args.add(entry.amountMinor());
            args.add(entry.account().currency());
            args.add(entry.settleOn() == null ? null : Date.valueOf(entry.settleOn()));
        }
        Integer written = jdbc.queryForObject("""
                WITH posting AS (
                    INSERT INTO ledger_postings (kind, reference, merchant_id, mode, gross_minor, fee_minor)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT ledger_postings_cause_uk DO NOTHING RETURNING id),
                entries AS (
                    INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency, settle_on)
                    SELECT posting.id, v.account_id, v.amount_minor, v.currency, v.settle_on
                    FROM posting, (VALUES %s) AS v (account_id, amount_minor, currency, settle_on)
                    RETURNING 1)
                SELECT count(*)::int FROM entries""".formatted(values), Integer.class, args.toArray());
        return written != null && written > 0;
    }

    /** The account's balance as its owner reads it (what we owe a merchant is positive). */
    public long balance(LedgerAccount account) {
        Long sum = jdbc.queryForObject("""
                SELECT COALESCE(sum(b.balance_minor), 0) FROM ledger_balances b
                JOIN ledger_accounts a ON a.id = b.account_id WHERE a.code = ?""", Long.class, account.code());
        return account.kind().balanceOf(sum == null ? 0 : sum);
    }
}
