-- Indexes for the merchant's read side. (Reports read payments by (merchant_id, mode, created_at): V9's
-- payments_merchant_created.)

-- GET /balance: a merchant's pending entries still to settle, by settle-on day, from its last settlement day on;
-- without it the balance would read every entry the merchant's pending account ever had.
CREATE INDEX ledger_entries_account_settle_on ON ledger_entries (account_id, settle_on) WHERE settle_on IS NOT NULL;
