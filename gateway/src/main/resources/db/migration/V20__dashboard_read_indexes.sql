-- The dashboard's reads at a million payments (issue 14; bench/dashboard.sh times them, bench/README.md has the
-- figures). A merchant's payments are listed newest first by (created_at, id) and paged by keyset, and each filter
-- that can match few of a merchant's payments (a status, a method, the last digits of a phone) has an index in that
-- order led by what it filters on: a page reads its own rows only, however rare the filter and however deep the page.
-- Date ranges, the CSV export and the summaries' today read the (merchant_id, mode, created_at) range of the
-- main index; earlier days of the summaries come from a daily rollup (below). No update of a payment is HOT (each
-- changes an indexed column), so every index is written by each version of a payment's row: bench/dashboard.sh's
-- "inserts" phase measures what these cost the payment path.

-- A phone's last four digits, in clear beside the encrypted number, for the search by them. Rows whose phone is still
-- plaintext (written before encryption) get them here, encrypted ones from the re-encrypt command.
ALTER TABLE payments ADD COLUMN phone_last4 VARCHAR(4);
UPDATE payments SET phone_last4 = right(phone, 4) WHERE phone IS NOT NULL AND phone NOT LIKE 'v1:%';

-- (merchant_id, mode, created_at, id) replaces (merchant_id, mode, id DESC) and (merchant_id, mode, created_at)
DROP INDEX payments_merchant_listing;
DROP INDEX payments_merchant_created;
CREATE INDEX payments_merchant_created ON payments (merchant_id, mode, created_at, id);
CREATE INDEX payments_merchant_status ON payments (merchant_id, mode, status, created_at, id);
CREATE INDEX payments_merchant_method ON payments (merchant_id, mode, payment_method, created_at, id);
CREATE INDEX payments_merchant_phone_last4 ON payments (merchant_id, mode, phone_last4, created_at, id)
    WHERE phone_last4 IS NOT NULL;

-- The deliveries a merchant looks for (pending, failed) among mostly delivered ones. Partial: a delivery gets an entry
-- when written (pending), none when delivered. The list writes the status into its statement, so the index's
-- predicate is provable.
CREATE INDEX webhook_deliveries_merchant_undelivered ON webhook_deliveries (merchant_id, status, id)
    WHERE status <> 'delivered';

-- The daily rollup of the summaries (report.PaymentDayTotals): a merchant's payments of one East Africa day summed
-- by currency and method, for the days before today, filled when a summary first asks for a day. A row
-- with empty currency and method marks a day as summed (also a day without payments). A month's summary then reads
-- today's payments and the rollup, not a month of payments.
CREATE TABLE payment_day_totals (
    merchant_id    BIGINT      NOT NULL,
    mode           VARCHAR(4)  NOT NULL,
    day            DATE        NOT NULL,
    currency       VARCHAR(3)  NOT NULL,
    payment_method VARCHAR(16) NOT NULL,
    payments       BIGINT      NOT NULL,
    completed      BIGINT      NOT NULL,
    failed         BIGINT      NOT NULL,
    cancelled      BIGINT      NOT NULL,
    expired        BIGINT      NOT NULL,
    pending        BIGINT      NOT NULL,
    volume_minor   BIGINT      NOT NULL,
    fees_minor     BIGINT      NOT NULL,
    refunded_minor BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, mode, day, currency, payment_method)
);

-- Summing a day and forgetting it take this lock (per merchant, mode and day) until their transaction ends.
CREATE FUNCTION payment_day_totals_lock(merchant BIGINT, payment_mode TEXT, summed_day DATE) RETURNS void
    LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('payment_day_totals:' || merchant || ':' || payment_mode || ':'
                                                  || summed_day, 0))
$$;

-- A payment of an earlier day (East Africa) whose summed columns change (a callback just after midnight, a refund, a
-- late correction) takes its day out of the rollup; the next summary sums the day again. Today's payments, on the
-- payment path, do not even call the function.
CREATE FUNCTION payment_day_totals_forget() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d DATE := (OLD.created_at AT TIME ZONE 'Africa/Nairobi')::date;
BEGIN
    PERFORM payment_day_totals_lock(OLD.merchant_id, OLD.mode, d);
    DELETE FROM payment_day_totals t WHERE t.merchant_id = OLD.merchant_id AND t.mode = OLD.mode AND t.day = d;
    RETURN NULL;
END
$$;
CREATE TRIGGER payments_forget_day_totals AFTER UPDATE ON payments FOR EACH ROW
    WHEN (OLD.created_at < date_trunc('day', now() AT TIME ZONE 'Africa/Nairobi') AT TIME ZONE 'Africa/Nairobi'
          AND (OLD.status, OLD.payment_method, OLD.currency, OLD.amount_minor, OLD.fee_minor, OLD.refunded_minor)
              IS DISTINCT FROM
              (NEW.status, NEW.payment_method, NEW.currency, NEW.amount_minor, NEW.fee_minor, NEW.refunded_minor))
    EXECUTE FUNCTION payment_day_totals_forget();
