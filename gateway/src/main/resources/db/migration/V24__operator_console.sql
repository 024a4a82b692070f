-- The operator console (issue 14).

-- A provider callback a person looked at (unmatched, or held for review) is resolved with a note; the row stays as
-- received, only the resolution is added. Resolved rows leave the review queue.
ALTER TABLE provider_callbacks ADD COLUMN resolved_at     TIMESTAMPTZ;
ALTER TABLE provider_callbacks ADD COLUMN resolved_by     VARCHAR(254);
ALTER TABLE provider_callbacks ADD COLUMN resolution_note VARCHAR(1000);
ALTER TABLE provider_callbacks ADD CONSTRAINT provider_callbacks_resolution
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL) AND (resolved_at IS NULL) = (resolution_note IS NULL));
-- the queue, newest first, without reading the applied and duplicate callbacks (nearly all of them)
CREATE INDEX provider_callbacks_awaiting ON provider_callbacks (id)
    WHERE outcome IN ('unmatched', 'needs_review') AND resolved_at IS NULL;

-- Failing webhooks per merchant: deliveries failed for good, or still retrying after a failed attempt. Without it
-- the console would read every delivery ever made.
CREATE INDEX webhook_deliveries_failing ON webhook_deliveries (merchant_id, id)
    WHERE status = 'failed' OR (status = 'pending' AND attempts > 0);
