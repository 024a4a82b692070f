-- Every id a provider gave a refund: an M-Pesa reversal sent again gets a new ConversationID, and a late Result
-- for an earlier one must still find its refund.
CREATE TABLE refund_provider_ids (
    provider           VARCHAR(16) NOT NULL,
    provider_refund_id VARCHAR(64) NOT NULL,
    refund_id          BIGINT      NOT NULL REFERENCES refunds (id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, provider_refund_id)
);
INSERT INTO refund_provider_ids (provider, provider_refund_id, refund_id)
SELECT provider, provider_refund_id, id FROM refunds WHERE provider_refund_id IS NOT NULL;
