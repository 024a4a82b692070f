-- The double-entry ledger. Every money movement is one posting whose entries sum to zero per currency; entries are
-- append-only; balances are maintained by the database itself from the entries, in the posting's transaction.
-- Sign: a debit is positive, a credit negative. Merchant and fee accounts are liabilities (credit-normal: their
-- balance is minus the sum of their entries); provider clearing accounts are assets (what the provider holds for us).

CREATE TABLE ledger_accounts (
    id              BIGSERIAL PRIMARY KEY,
    -- merchant:<id>:<mode>:<currency>:<kind> | platform:<mode>:<currency>:fees | provider:<name>:<mode>:<currency>:clearing
    code            VARCHAR(96) NOT NULL UNIQUE,
    kind            VARCHAR(16) NOT NULL CHECK (kind IN ('pending', 'available', 'in_payout', 'fees', 'clearing')),
    merchant_id     BIGINT REFERENCES merchants (id),
    provider        VARCHAR(16),
    mode            VARCHAR(4)  NOT NULL CHECK (mode IN ('test', 'live')),
    currency        CHAR(3)     NOT NULL,
    normal_side     CHAR(1)     NOT NULL CHECK (normal_side IN ('D', 'C')),
    -- pending, in_payout and fees never go below zero; available may (a refund larger than what is left is a debt
    -- the next settlement nets); clearing may (payouts from a rail that collected less than it paid out)
    may_go_negative BOOLEAN     NOT NULL,
    -- balance rows: hot platform accounts spread their balance over several rows so concurrent postings do not queue
    balance_slots   SMALLINT    NOT NULL DEFAULT 1 CHECK (balance_slots BETWEEN 1 AND 64),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((merchant_id IS NOT NULL) = (kind IN ('pending', 'available', 'in_payout'))),
    CHECK ((provider IS NOT NULL) = (kind = 'clearing'))
);
CREATE INDEX ledger_accounts_merchant ON ledger_accounts (merchant_id, mode) WHERE merchant_id IS NOT NULL;

CREATE TABLE ledger_postings (
    id          BIGSERIAL PRIMARY KEY,
    -- payment.captured, refund.processed, settlement.released, payout.queued, payout.paid, payout.failed,
    -- payout.reversed, correction
    kind        VARCHAR(32) NOT NULL,
    -- what caused it: a payment, refund, settlement or payout reference; one posting per cause
    reference   VARCHAR(40) NOT NULL,
    merchant_id BIGINT REFERENCES merchants (id),
    mode        VARCHAR(4)  NOT NULL CHECK (mode IN ('test', 'live')),
    -- for a settlement line: the gross and fee behind the merchant's net entry
    gross_minor BIGINT,
    fee_minor   BIGINT,
    memo        VARCHAR(255),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_postings_cause_uk UNIQUE (kind, reference)
);
CREATE INDEX ledger_postings_merchant ON ledger_postings (merchant_id, mode, id);

CREATE TABLE ledger_entries (
    id           BIGSERIAL PRIMARY KEY,
    posting_id   BIGINT      NOT NULL REFERENCES ledger_postings (id),
    account_id   BIGINT      NOT NULL REFERENCES ledger_accounts (id),
    amount_minor BIGINT      NOT NULL CHECK (amount_minor <> 0),
    currency     CHAR(3)     NOT NULL,
    -- on a merchant's entries that a settlement covers: the East Africa day from which it may be settled
    settle_on    DATE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);
CREATE INDEX ledger_entries_posting ON ledger_entries (posting_id);
CREATE INDEX ledger_entries_settleable ON ledger_entries (settle_on, account_id) WHERE settle_on IS NOT NULL;

CREATE TABLE ledger_balances (
    account_id    BIGINT      NOT NULL REFERENCES ledger_accounts (id),
    slot          SMALLINT    NOT NULL,
    -- sum of the entries (debit positive) that landed in this slot
    balance_minor BIGINT      NOT NULL,
    entry_count   BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, slot)
);

-- Refuses any change to a written entry or posting: corrections are new postings.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_postings_no_change BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, ledger_postings FROM PUBLIC;

-- Once per INSERT statement (a posting's entries are written by one statement): every posting the statement wrote
-- must sum to zero per currency and have two entries or more, each entry's currency must be its account's, the
-- balances take the new entries, and no account that must not go negative may end below zero.
CREATE FUNCTION ledger_entries_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad RECORD;
BEGIN
    SELECT posting_id, currency, sum(amount_minor) AS total, count(*) AS n INTO bad
    FROM new_entries GROUP BY posting_id, currency
    HAVING sum(amount_minor) <> 0 OR count(*) < 2 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger posting % is not balanced in %: entries sum to % over % entries',
            bad.posting_id, bad.currency, bad.total, bad.n USING ERRCODE = 'check_violation';
    END IF;
    SELECT e.id, e.currency, a.currency AS account_currency INTO bad
    FROM new_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.currency <> e.currency LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger entry % is in % but its account is in %', bad.id, bad.currency, bad.account_currency
            USING ERRCODE = 'check_violation';
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
    WHERE a.id IN (SELECT account_id FROM new_entries) AND NOT a.may_go_negative
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
CREATE TRIGGER ledger_entries_posted AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_posted();

-- Fees: what each completed payment costs the merchant, by fee class. No row: the configured default plan.
CREATE TABLE pricing_plans (
    merchant_id  BIGINT      NOT NULL REFERENCES merchants (id),
    fee_class    VARCHAR(24) NOT NULL CHECK (fee_class IN ('mpesa', 'card_local', 'card_international')),
    -- percentage in hundredths of a percent (basis points): 150 = 1.5 %
    percent_bp   INT         NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
    fixed_minor  BIGINT      NOT NULL DEFAULT 0 CHECK (fixed_minor >= 0),
    min_minor    BIGINT      CHECK (min_minor >= 0),
    cap_minor    BIGINT      CHECK (cap_minor >= 0),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, fee_class),
    CHECK (min_minor IS NULL OR cap_minor IS NULL OR min_minor <= cap_minor)
);

ALTER TABLE payments ADD COLUMN fee_minor BIGINT CHECK (fee_minor >= 0 AND fee_minor <= amount_minor);
ALTER TABLE refunds ADD COLUMN fee_returned_minor BIGINT NOT NULL DEFAULT 0 CHECK (fee_returned_minor >= 0);
