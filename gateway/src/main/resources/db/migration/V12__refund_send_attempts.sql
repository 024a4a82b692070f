-- A refund whose request never reached the provider (transport failure, an unreadable answer) stays pending and is
-- sent again on the refund check schedule; send_attempts counts the tries, and past the configured limit the refund
-- ends needs_review: the money may have moved, so its reservation on the payment is kept for an operator.
ALTER TABLE refunds ADD COLUMN send_attempts INT NOT NULL DEFAULT 1;
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check
    CHECK (status IN ('pending', 'processed', 'failed', 'needs_review'));
CREATE INDEX refunds_unsent ON refunds (updated_at) WHERE status = 'pending' AND provider_refund_id IS NULL;
