-- Daraja Transaction Status queries and what their asynchronous Result said.
CREATE TABLE status_queries (
    conversation_id            VARCHAR(64) PRIMARY KEY,
    originator_conversation_id VARCHAR(64),
    payment_id                 BIGINT      NOT NULL REFERENCES payments (id),
    receipt                    VARCHAR(32) NOT NULL,
    status                     VARCHAR(16) NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'answered', 'timeout')),
    result_code                VARCHAR(32),
    result_desc                VARCHAR(255),
    transaction_status         VARCHAR(32),
    requested_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    answered_at                TIMESTAMPTZ
);
CREATE INDEX status_queries_payment ON status_queries (payment_id, requested_at DESC);
