-- Merchants, their API keys, payments, the transactional outbox, idempotency and callback records.
-- Money is BIGINT minor units (cents); decimals exist only at the API edge.

CREATE TABLE merchants (
    id          BIGSERIAL PRIMARY KEY,
    public_id   VARCHAR(32)  NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    email       VARCHAR(254) NOT NULL,
    webhook_url VARCHAR(2048),
    status      VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX merchants_email_uk ON merchants (lower(email));

-- A secret key is shown once and kept only as its SHA-256: keys are 190 bits of randomness,
-- so a fast hash is safe and keeps authentication a single indexed lookup.
CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    public_id    VARCHAR(32)  NOT NULL UNIQUE,
    merchant_id  BIGINT       NOT NULL REFERENCES merchants (id),
    name         VARCHAR(100) NOT NULL,
    mode         VARCHAR(4)   NOT NULL CHECK (mode IN ('test', 'live')),
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     BYTEA        NOT NULL UNIQUE,
    scopes       TEXT[]       NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id);

CREATE TABLE payments (
    id                  BIGSERIAL PRIMARY KEY,
    reference           VARCHAR(32)  NOT NULL UNIQUE,
    merchant_id         BIGINT       NOT NULL REFERENCES merchants (id),
    mode                VARCHAR(4)   NOT NULL CHECK (mode IN ('test', 'live')),
    merchant_reference  VARCHAR(64)  NOT NULL,
    payment_method      VARCHAR(16)  NOT NULL,
    provider            VARCHAR(16)  NOT NULL,
    status              VARCHAR(24)  NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed',
                                                                'cancelled', 'expired', 'partially_refunded', 'refunded')),
    amount_minor        BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency            CHAR(3)      NOT NULL,
    phone               VARCHAR(12),
    email               VARCHAR(254),
    description         VARCHAR(255),
    callback_url        VARCHAR(2048),
    metadata            JSONB,
    merchant_request_id VARCHAR(64),
    checkout_request_id VARCHAR(64) UNIQUE,
    customer_message    VARCHAR(255),
    provider_receipt    VARCHAR(32),
    paid_phone          VARCHAR(16),
    paid_at             TIMESTAMPTZ,
    failure_code        VARCHAR(32),
    failure_reason      VARCHAR(255),
    next_check_at       TIMESTAMPTZ,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at        TIMESTAMPTZ,
    CONSTRAINT payments_merchant_reference_uk UNIQUE (merchant_id, mode, merchant_reference)
);
CREATE INDEX payments_merchant_listing ON payments (merchant_id, mode, id DESC);
CREATE INDEX payments_reconcile ON payments (next_check_at) WHERE status = 'pending';

-- Written in the same transaction as the state change it describes; published later (webhooks, Kafka).
CREATE TABLE outbox_events (
    id                  BIGSERIAL PRIMARY KEY,
    event_id            VARCHAR(40) NOT NULL UNIQUE,
    merchant_id         BIGINT      NOT NULL REFERENCES merchants (id),
    aggregate_reference VARCHAR(32) NOT NULL,
    event_type          VARCHAR(64) NOT NULL,
    payload             JSONB       NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at        TIMESTAMPTZ
);
CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL;
CREATE INDEX outbox_events_aggregate ON outbox_events (aggregate_reference, id);

-- Idempotency-Key of POSTs that move money: the first response is kept and replayed.
CREATE TABLE idempotency_keys (
    merchant_id     BIGINT       NOT NULL REFERENCES merchants (id),
    mode            VARCHAR(4)   NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    BYTEA        NOT NULL,
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (merchant_id, mode, idempotency_key)
);

-- The idempotent consumer's memory, shared by every instance (see PostgresMessageIdRepository).
CREATE TABLE processed_messages (
    processor  VARCHAR(64)  NOT NULL,
    message_id VARCHAR(128) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (processor, message_id)
);

-- Every provider callback as received, with what the gateway did with it (applied, duplicate, unmatched...).
CREATE TABLE provider_callbacks (
    id             BIGSERIAL PRIMARY KEY,
    provider       VARCHAR(16)  NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    correlation_id VARCHAR(128),
    outcome        VARCHAR(24)  NOT NULL,
    note           VARCHAR(255),
    source_ip      VARCHAR(64),
    payload        TEXT         NOT NULL,
    received_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX provider_callbacks_review ON provider_callbacks (outcome, received_at) WHERE outcome IN ('unmatched', 'rejected', 'needs_review');
CREATE INDEX provider_callbacks_correlation ON provider_callbacks (correlation_id);
