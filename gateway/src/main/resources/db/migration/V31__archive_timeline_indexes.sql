-- An archived payment's timeline on the dashboard reads its story from the archive tables by the payment, as it reads
-- the live ones: the same lookups need the same indexes there (the archive is otherwise read by reference only).
CREATE INDEX archive_status_queries_payment ON archive_status_queries (payment_id);
CREATE INDEX archive_refund_provider_ids_refund ON archive_refund_provider_ids (refund_id);
CREATE INDEX archive_webhook_deliveries_event ON archive_webhook_deliveries (event_id);
CREATE INDEX archive_webhook_attempts_delivery ON archive_webhook_attempts (delivery_id, id);
CREATE INDEX archive_provider_callbacks_correlation ON archive_provider_callbacks (correlation_id);
