-- Card payments (hosted checkout at Paystack or Flutterwave) and refunds.
-- Card data never reaches the gateway: at most the last4, brand and expiry the processor reports.
ALTER TABLE payments
    ADD COLUMN authorization_url       VARCHAR(2048),
    ADD COLUMN provider_transaction_id VARCHAR(64),
    ADD COLUMN card_last4              VARCHAR(4),
    ADD COLUMN card_brand              VARCHAR(32),
    ADD COLUMN card_expiry             VARCHAR(7),
    ADD COLUMN refunded_minor          BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    ADD CONSTRAINT payments_refund_cap CHECK (refunded_minor <= amount_minor);

-- refunded_minor counts pending and processed refunds; a failed refund gives its amount back.
CREATE TABLE refunds (
    id                 BIGSERIAL PRIMARY KEY,
    reference          VARCHAR(32)  NOT NULL UNIQUE,
    payment_id         BIGINT       NOT NULL REFERENCES payments (id),
    merchant_id        BIGINT       NOT NULL REFERENCES merchants (id),
    amount_minor       BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency           CHAR(3)      NOT NULL,
    reason             VARCHAR(255),
    status             VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'processed', 'failed')),
    provider           VARCHAR(16)  NOT NULL,
    provider_refund_id VARCHAR(64),
    failure_code       VARCHAR(64),
    failure_reason     VARCHAR(255),
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    processed_at       TIMESTAMPTZ
);
CREATE INDEX refunds_payment ON refunds (payment_id);
CREATE UNIQUE INDEX refunds_provider_refund ON refunds (provider, provider_refund_id) WHERE provider_refund_id IS NOT NULL;
