-- The archive (issue 15): the `archive` command moves ended payments older than a date, with the rows that depend on
-- them, out of the live tables into these, in short transactions. Each archive table has the columns of its live
-- table (the command copies by column name and refuses to run when a live column is missing here: a migration that
-- adds a column to a live table adds it to its archive table too). No foreign keys: rows arrive and leave together,
-- in one transaction per batch, and the archive is read by reference only.
CREATE TABLE archive_payments (LIKE payments INCLUDING CONSTRAINTS);
ALTER TABLE archive_payments ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX archive_payments_reference ON archive_payments (reference);
-- GET /payments/{reference} also takes the merchant's own reference
CREATE INDEX archive_payments_merchant_reference ON archive_payments (merchant_id, mode, merchant_reference);

CREATE TABLE archive_refunds (LIKE refunds INCLUDING CONSTRAINTS);
ALTER TABLE archive_refunds ADD PRIMARY KEY (id);
CREATE INDEX archive_refunds_payment ON archive_refunds (payment_id);

CREATE TABLE archive_refund_provider_ids (LIKE refund_provider_ids INCLUDING CONSTRAINTS);
ALTER TABLE archive_refund_provider_ids ADD PRIMARY KEY (provider, provider_refund_id);

CREATE TABLE archive_status_queries (LIKE status_queries INCLUDING CONSTRAINTS);
ALTER TABLE archive_status_queries ADD PRIMARY KEY (conversation_id);

CREATE TABLE archive_outbox_events (LIKE outbox_events INCLUDING CONSTRAINTS);
ALTER TABLE archive_outbox_events ADD PRIMARY KEY (id);
CREATE INDEX archive_outbox_events_aggregate ON archive_outbox_events (aggregate_reference, id);

CREATE TABLE archive_webhook_deliveries (LIKE webhook_deliveries INCLUDING CONSTRAINTS);
ALTER TABLE archive_webhook_deliveries ADD PRIMARY KEY (id);

CREATE TABLE archive_webhook_attempts (LIKE webhook_attempts INCLUDING CONSTRAINTS);
ALTER TABLE archive_webhook_attempts ADD PRIMARY KEY (id);

CREATE TABLE archive_provider_callbacks (LIKE provider_callbacks INCLUDING CONSTRAINTS);
ALTER TABLE archive_provider_callbacks ADD PRIMARY KEY (id);

-- Deleting a refund checks refund_provider_ids' reference to it: without this index, a scan of that table per refund.
CREATE INDEX refund_provider_ids_refund ON refund_provider_ids (refund_id);
