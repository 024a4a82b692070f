-- Indexes for the merchant's read side (balance, reports).

-- Reports and exports read one merchant's payments of a date range (GET /reports/summary, /reports/transactions);
-- without it they read every payment the merchant ever had.
CREATE INDEX payments_merchant_created ON payments (merchant_id, mode, created_at);

-- GET /balance: a merchant's pending entries still to settle, by settle-on day, from its last settlement day on.
CREATE INDEX ledger_entries_account_settle_on ON ledger_entries (account_id, settle_on) WHERE settle_on IS NOT NULL;
