-- Kafka publication is tracked apart from the webhook hand-off: webhooks never wait for Kafka, and events wait in
-- the outbox while Kafka is down.
ALTER TABLE outbox_events ADD COLUMN kafka_published_at TIMESTAMPTZ;
CREATE INDEX outbox_events_kafka_unpublished ON outbox_events (id) WHERE kafka_published_at IS NULL;
