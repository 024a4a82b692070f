-- Events and webhook deliveries carry the mode (test or live) of what they report, as payments do: the webhook API and
-- the dashboard list, show and replay a caller's own mode only (a test key saw, and could replay, live deliveries).
ALTER TABLE outbox_events ADD COLUMN mode VARCHAR(4);
ALTER TABLE webhook_deliveries ADD COLUMN mode VARCHAR(4);

-- Rows from before: the mode of the payment, settlement or payout they are about; a webhook.test event was sent from
-- the test mode (its dashboard's default); anything else is live data.
UPDATE outbox_events o SET mode = p.mode FROM payments p WHERE p.reference = o.aggregate_reference;
UPDATE outbox_events o SET mode = s.mode FROM settlements s WHERE o.mode IS NULL AND s.reference = o.aggregate_reference;
UPDATE outbox_events o SET mode = x.mode FROM payouts x WHERE o.mode IS NULL AND x.reference = o.aggregate_reference;
UPDATE outbox_events SET mode = CASE WHEN event_type = 'webhook.test' THEN 'test' ELSE 'live' END WHERE mode IS NULL;
UPDATE webhook_deliveries d SET mode = o.mode FROM outbox_events o WHERE o.event_id = d.event_id;

ALTER TABLE outbox_events ALTER COLUMN mode SET NOT NULL,
    ADD CONSTRAINT outbox_events_mode CHECK (mode IN ('test', 'live'));
ALTER TABLE webhook_deliveries ALTER COLUMN mode SET NOT NULL,
    ADD CONSTRAINT webhook_deliveries_mode CHECK (mode IN ('test', 'live'));

-- the archive keeps the live tables' columns (PaymentArchive copies by name)
ALTER TABLE archive_outbox_events ADD COLUMN mode VARCHAR(4);
ALTER TABLE archive_webhook_deliveries ADD COLUMN mode VARCHAR(4);

-- the deliveries' lists are a merchant's in one mode, newest first (all, and by status while not delivered)
DROP INDEX webhook_deliveries_merchant;
CREATE INDEX webhook_deliveries_merchant ON webhook_deliveries (merchant_id, mode, id DESC);
DROP INDEX webhook_deliveries_merchant_undelivered;
CREATE INDEX webhook_deliveries_merchant_undelivered ON webhook_deliveries (merchant_id, mode, status, id)
    WHERE status <> 'delivered';
