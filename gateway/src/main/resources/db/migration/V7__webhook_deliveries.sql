-- Merchant webhooks: every outbox event becomes a delivery per target URL, retried on a persisted schedule.
ALTER TABLE merchants ADD COLUMN webhook_secret VARCHAR(64);
UPDATE merchants SET webhook_secret = 'whsec_' || md5(random()::text || id::text || clock_timestamp()::text)
WHERE webhook_secret IS NULL;
ALTER TABLE merchants ALTER COLUMN webhook_secret SET NOT NULL;
-- after a rotation the previous secret keeps signing too, until it expires (merchants switch without missing events)
ALTER TABLE merchants ADD COLUMN previous_webhook_secret VARCHAR(64), ADD COLUMN previous_secret_expires_at TIMESTAMPTZ;

CREATE TABLE webhook_deliveries (
    id               BIGSERIAL PRIMARY KEY,
    public_id        VARCHAR(32)   NOT NULL UNIQUE,
    event_id         VARCHAR(40)   NOT NULL REFERENCES outbox_events (event_id),
    merchant_id      BIGINT        NOT NULL REFERENCES merchants (id),
    url              VARCHAR(2048) NOT NULL,
    status           VARCHAR(16)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_status_code INT,
    last_error       VARCHAR(255),
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- retries stop give-up-after this; a replay starts a new window
    window_started_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ,
    CONSTRAINT webhook_deliveries_once UNIQUE (event_id, url)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_merchant ON webhook_deliveries (merchant_id, id DESC);

CREATE TABLE webhook_attempts (
    id               BIGSERIAL PRIMARY KEY,
    delivery_id      BIGINT       NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    status_code      INT,
    latency_ms       INT          NOT NULL,
    error            VARCHAR(255),
    response_excerpt VARCHAR(512)
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
