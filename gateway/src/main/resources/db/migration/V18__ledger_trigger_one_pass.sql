-- The posting check in fewer queries: balance, entry count and currency in one pass over the statement's entries, and
-- the below-zero check only for accounts the statement took money from (a payment's capture takes from none).
CREATE OR REPLACE FUNCTION ledger_entries_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad RECORD;
BEGIN
    SELECT e.posting_id, e.currency, sum(e.amount_minor) AS total, count(*) AS n,
           bool_or(a.currency <> e.currency) AS foreign_currency
    INTO bad
    FROM new_entries e JOIN ledger_accounts a ON a.id = e.account_id
    GROUP BY e.posting_id, e.currency
    HAVING sum(e.amount_minor) <> 0 OR count(*) < 2 OR bool_or(a.currency <> e.currency)
    LIMIT 1;
    IF FOUND THEN
        IF bad.foreign_currency THEN
            RAISE EXCEPTION 'ledger posting % has an entry in % on an account in another currency',
                bad.posting_id, bad.currency USING ERRCODE = 'check_violation';
        END IF;
        RAISE EXCEPTION 'ledger posting % is not balanced in %: entries sum to % over % entries',
            bad.posting_id, bad.currency, bad.total, bad.n USING ERRCODE = 'check_violation';
    END IF;
    -- sorted by key so that concurrent postings lock balance rows in one order (no deadlock)
    INSERT INTO ledger_balances AS b (account_id, slot, balance_minor, entry_count)
    SELECT e.account_id, (e.posting_id % a.balance_slots)::smallint, sum(e.amount_minor), count(*)
    FROM new_entries e JOIN ledger_accounts a ON a.id = e.account_id
    GROUP BY e.account_id, (e.posting_id % a.balance_slots)
    ORDER BY 1, 2
    ON CONFLICT (account_id, slot) DO UPDATE
        SET balance_minor = b.balance_minor + excluded.balance_minor,
            entry_count = b.entry_count + excluded.entry_count,
            updated_at = now();
    SELECT a.code, sum(b.balance_minor) AS balance INTO bad
    FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
    WHERE a.id IN (SELECT e.account_id FROM new_entries e JOIN ledger_accounts t ON t.id = e.account_id
                   WHERE NOT t.may_go_negative
                     AND CASE t.normal_side WHEN 'D' THEN e.amount_minor ELSE -e.amount_minor END < 0)
    GROUP BY a.id, a.code, a.normal_side
    HAVING CASE a.normal_side WHEN 'D' THEN sum(b.balance_minor) ELSE -sum(b.balance_minor) END < 0
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger account % would go negative (%)', bad.code, bad.balance
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
