-- Daily settlements (one per merchant, mode, currency and East Africa day) and the payouts that pay them.

ALTER TABLE merchants
    ADD COLUMN payouts_paused        BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN payouts_paused_reason VARCHAR(255);

-- Where a merchant's money goes. The details (phone, shortcode and account, bank account) are encrypted at rest;
-- `display` is the masked form shown back (e.g. "M-Pesa 2547•••••678").
CREATE TABLE payout_destinations (
    merchant_id BIGINT       PRIMARY KEY REFERENCES merchants (id),
    type        VARCHAR(16)  NOT NULL CHECK (type IN ('mpesa_phone', 'paybill', 'till', 'bank_account')),
    details     TEXT         NOT NULL,
    display     VARCHAR(120) NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per run of the daily job for a day: a rerun finds the day done.
CREATE TABLE settlement_runs (
    settlement_date DATE        PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    settlements     INT,
    lines           BIGINT,
    triggered_by    VARCHAR(254) NOT NULL
);

CREATE TABLE settlements (
    id                  BIGSERIAL PRIMARY KEY,
    reference           VARCHAR(40)  NOT NULL UNIQUE,
    merchant_id         BIGINT       NOT NULL REFERENCES merchants (id),
    mode                VARCHAR(4)   NOT NULL CHECK (mode IN ('test', 'live')),
    currency            CHAR(3)      NOT NULL,
    settlement_date     DATE         NOT NULL,
    -- paying: a payout is on its way; paid; held: kept in the merchant's available balance (hold_reason says why);
    -- payout_failed: the payout failed and its money is back in available
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('paying', 'paid', 'held', 'payout_failed')),
    hold_reason         VARCHAR(32)  CHECK (hold_reason IN ('kyc_not_approved', 'payouts_paused', 'below_minimum',
                                                            'no_destination', 'nothing_to_pay')),
    line_count          INT          NOT NULL,
    gross_minor         BIGINT       NOT NULL,
    fees_minor          BIGINT       NOT NULL,
    refunds_minor       BIGINT       NOT NULL,
    net_minor           BIGINT       NOT NULL,
    -- what moved from pending to available (the covered payments' net; refunds were taken from available)
    released_minor      BIGINT       NOT NULL,
    -- what the payout carries: the merchant's whole available balance after this settlement released its lines
    payout_minor        BIGINT,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT settlements_day_uk UNIQUE (merchant_id, mode, currency, settlement_date),
    CHECK ((status = 'held') = (hold_reason IS NOT NULL))
);
CREATE INDEX settlements_merchant ON settlements (merchant_id, mode, id DESC);

-- What a settlement covers: each ledger entry once (the primary key makes a second settlement of it impossible).
-- No foreign keys, on purpose: lines are written by one statement of the settlement run, from entries and settlements
-- that exist and can never be deleted (append-only ledger), and a million row-by-row reference checks made the daily
-- run 3x slower; verify-ledger checks that every line has its entry and its settlement.
CREATE TABLE settlement_lines (
    entry_id      BIGINT      PRIMARY KEY,
    settlement_id BIGINT      NOT NULL,
    kind          VARCHAR(32) NOT NULL,
    reference     VARCHAR(40) NOT NULL,
    gross_minor   BIGINT      NOT NULL,
    fee_minor     BIGINT      NOT NULL,
    net_minor     BIGINT      NOT NULL,
    occurred_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX settlement_lines_settlement ON settlement_lines (settlement_id, entry_id);

CREATE TABLE payouts (
    id                 BIGSERIAL PRIMARY KEY,
    -- ours, sent as Daraja's OriginatorConversationID or Paystack's transfer reference: the provider's idempotency key
    reference          VARCHAR(36)  NOT NULL UNIQUE,
    settlement_id      BIGINT       NOT NULL UNIQUE REFERENCES settlements (id),
    merchant_id        BIGINT       NOT NULL REFERENCES merchants (id),
    mode               VARCHAR(4)   NOT NULL CHECK (mode IN ('test', 'live')),
    amount_minor       BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency           CHAR(3)      NOT NULL,
    destination_type   VARCHAR(16)  NOT NULL,
    -- the destination as it was when the payout was made (encrypted), and its masked form
    destination        TEXT         NOT NULL,
    destination_display VARCHAR(120) NOT NULL,
    -- the rail's provider: mpesa (B2C/B2B) or paystack (Transfers)
    provider           VARCHAR(16)  NOT NULL,
    -- queued: not sent yet; sending: handed to the provider, outcome of the request not recorded (a crash here is
    -- resolved by asking the provider, never by sending again); sent: the provider accepted it, its result is due;
    -- paid; failed (money back in available); reversed (paid, then returned by the provider)
    status             VARCHAR(16)  NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'paid', 'failed', 'reversed')),
    provider_reference VARCHAR(64),
    provider_receipt   VARCHAR(64),
    failure_code       VARCHAR(64),
    failure_reason     VARCHAR(255),
    attempts           INT          NOT NULL DEFAULT 0,
    next_check_at      TIMESTAMPTZ,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at            TIMESTAMPTZ,
    completed_at       TIMESTAMPTZ
);
CREATE INDEX payouts_due ON payouts (next_check_at) WHERE status IN ('queued', 'sending', 'sent');
CREATE INDEX payouts_merchant ON payouts (merchant_id, mode, id DESC);
