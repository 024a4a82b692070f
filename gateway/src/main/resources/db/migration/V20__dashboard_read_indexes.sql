-- The dashboard's reads at a million payments (issue 14; bench/dashboard.sh times them, bench/README.md has the
-- figures). A merchant's payments are listed newest first by (created_at, id) and paged by keyset, so each filter
-- that can match few of a merchant's payments has an index in that order, led by what it filters on: a page then
-- reads its own rows only, however rare the filter and however deep the page. The summaries and the CSV export read
-- the (merchant_id, mode, created_at) range of the same index. No payment update is HOT (each changes an indexed
-- column), so every index is written by each of a payment's row versions: filters whose values are common (a date
-- range inside a busy merchant's history) have no index of their own.

-- A phone's last four digits, in clear beside the encrypted number, for the search by them. Rows whose phone is still
-- plaintext (written before encryption) get them here, encrypted ones from the re-encrypt command.
ALTER TABLE payments ADD COLUMN phone_last4 VARCHAR(4);
UPDATE payments SET phone_last4 = right(phone, 4) WHERE phone IS NOT NULL AND phone NOT LIKE 'v1:%';

-- (merchant_id, mode, created_at, id) replaces (merchant_id, mode, id DESC) and (merchant_id, mode, created_at). It
-- carries what the summaries add up, so a month of a busy merchant's payments is summed from the index alone (an
-- index-only scan: a tenth of the pages the rows take), not from the table.
DROP INDEX payments_merchant_listing;
DROP INDEX payments_merchant_created;
CREATE INDEX payments_merchant_created ON payments (merchant_id, mode, created_at, id)
    INCLUDE (status, payment_method, currency, amount_minor, fee_minor, refunded_minor);
CREATE INDEX payments_merchant_status ON payments (merchant_id, mode, status, created_at, id);
CREATE INDEX payments_merchant_method ON payments (merchant_id, mode, payment_method, created_at, id);
CREATE INDEX payments_merchant_phone_last4 ON payments (merchant_id, mode, phone_last4, created_at, id)
    WHERE phone_last4 IS NOT NULL;

-- The deliveries a merchant looks for (pending, failed) among mostly delivered ones. Partial: a delivery gets an entry
-- when written (pending), none when delivered. The list writes the status into its statement, so the index's
-- predicate is provable.
CREATE INDEX webhook_deliveries_merchant_undelivered ON webhook_deliveries (merchant_id, status, id)
    WHERE status <> 'delivered';
