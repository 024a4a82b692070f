-- Daily reconciliation of the gateway's records against each provider's own (Paystack, Flutterwave, M-Pesa).

-- One report per provider and East Africa day; a rerun updates it in place.
CREATE TABLE reconciliation_reports (
    id                     BIGSERIAL PRIMARY KEY,
    public_id              VARCHAR(32)  NOT NULL UNIQUE,
    provider               VARCHAR(16)  NOT NULL,
    report_date            DATE         NOT NULL,
    -- running: a run is under way (or crashed: the next run takes it over); done; failed (error says why)
    status                 VARCHAR(16)  NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    error                  VARCHAR(500),
    -- the modes of ours that reach this provider account (test and live share the simulators)
    modes                  VARCHAR(16)  NOT NULL,
    provider_records       INT          NOT NULL DEFAULT 0,
    gateway_records        INT          NOT NULL DEFAULT 0,
    -- our books: what the provider's clearing account says the provider holds for us (KES, the report's modes)
    currency               CHAR(3)      NOT NULL DEFAULT 'KES',
    clearing_balance_minor BIGINT,
    -- the provider's own figures where it has them: M-Pesa's Account Balance (its Result arrives later),
    -- Paystack's settlements for the day
    provider_balance_minor BIGINT,
    provider_balance_at    TIMESTAMPTZ,
    settlement_count       INT,
    settled_minor          BIGINT,
    settlement_fees_minor  BIGINT,
    runs                   INT          NOT NULL DEFAULT 0,
    triggered_by           VARCHAR(254) NOT NULL,
    started_at             TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at            TIMESTAMPTZ,
    created_at             TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT reconciliation_reports_day_uk UNIQUE (provider, report_date)
);

-- Counts and amounts per class and currency of the latest run (replaced by each run).
CREATE TABLE reconciliation_totals (
    report_id      BIGINT      NOT NULL REFERENCES reconciliation_reports (id),
    class          VARCHAR(24) NOT NULL CHECK (class IN ('matched', 'amount_mismatch', 'status_mismatch',
                                                         'missing_at_gateway', 'missing_at_provider')),
    currency       CHAR(3)     NOT NULL,
    record_count   INT         NOT NULL,
    ours_minor     BIGINT      NOT NULL,
    theirs_minor   BIGINT      NOT NULL,
    PRIMARY KEY (report_id, class, currency)
);

-- One review item per mismatch. A rerun of the day finds the same mismatch again and adds nothing (the unique key);
-- a resolved item stays resolved.
CREATE TABLE reconciliation_items (
    id                 BIGSERIAL PRIMARY KEY,
    public_id          VARCHAR(32)  NOT NULL UNIQUE,
    report_id          BIGINT       NOT NULL REFERENCES reconciliation_reports (id),
    provider           VARCHAR(16)  NOT NULL,
    kind               VARCHAR(24)  NOT NULL CHECK (kind IN ('amount_mismatch', 'status_mismatch',
                                                             'missing_at_gateway', 'missing_at_provider')),
    -- collection, refund or payout
    record_kind        VARCHAR(16)  NOT NULL,
    provider_reference VARCHAR(64)  NOT NULL,
    our_reference      VARCHAR(64),
    merchant_id        BIGINT REFERENCES merchants (id),
    our_amount_minor   BIGINT,
    our_currency       CHAR(3),
    our_status         VARCHAR(24),
    their_amount_minor BIGINT,
    their_currency     CHAR(3),
    their_status       VARCHAR(32),
    occurred_at        TIMESTAMPTZ,
    status             VARCHAR(16)  NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution_note    VARCHAR(1000),
    resolved_by        VARCHAR(254),
    resolved_at        TIMESTAMPTZ,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT reconciliation_items_uk UNIQUE (report_id, provider_reference, kind),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX reconciliation_items_open ON reconciliation_items (status, provider, id);
CREATE INDEX reconciliation_items_report ON reconciliation_items (report_id, id);

-- Organisation statements operators downloaded from the M-Pesa portal, one per East Africa day (a new upload of the
-- same day replaces the old one); kept as uploaded so a rerun, or the next day's run, can read them again.
CREATE TABLE mpesa_statements (
    statement_date DATE         PRIMARY KEY,
    content        TEXT         NOT NULL,
    row_count      INT          NOT NULL,
    uploaded_by    VARCHAR(254) NOT NULL,
    uploaded_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Account Balance requests: the Result arrives later at the Result URL and fills in the report's balance.
CREATE TABLE mpesa_balance_queries (
    conversation_id            VARCHAR(64)  PRIMARY KEY,
    originator_conversation_id VARCHAR(64),
    report_id                  BIGINT       NOT NULL REFERENCES reconciliation_reports (id),
    status                     VARCHAR(16)  NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'answered', 'failed')),
    result_code                VARCHAR(16),
    accounts                   TEXT,
    requested_at               TIMESTAMPTZ  NOT NULL DEFAULT now(),
    answered_at                TIMESTAMPTZ
);

-- Our side of a day: completed payments by provider and time; a provider's record found by its receipt or id.
CREATE INDEX payments_provider_completed ON payments (provider, completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX payments_provider_receipt ON payments (provider_receipt) WHERE provider_receipt IS NOT NULL;
CREATE INDEX payments_provider_transaction ON payments (provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;
