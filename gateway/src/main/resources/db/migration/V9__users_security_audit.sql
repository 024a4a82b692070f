-- Merchant users and login, API key ownership, limits, allow-lists, the audit trail, KYC documents and
-- encrypted columns (issue 6).

-- Users log in by email; a merchant user has a merchant, the gateway's own staff (admin) have none.
-- An invited user has no password until the invitation is accepted.
CREATE TABLE users (
    id                BIGSERIAL PRIMARY KEY,
    public_id         VARCHAR(32)  NOT NULL UNIQUE,
    merchant_id       BIGINT REFERENCES merchants (id),
    email             VARCHAR(254) NOT NULL,
    password_hash     VARCHAR(255),
    role              VARCHAR(16)  NOT NULL CHECK (role IN ('owner', 'developer', 'viewer', 'admin')),
    status            VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'removed')),
    invite_token_hash BYTEA UNIQUE,
    invite_expires_at TIMESTAMPTZ,
    invited_by        BIGINT REFERENCES users (id),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_login_at     TIMESTAMPTZ,
    CONSTRAINT users_admin_has_no_merchant CHECK ((role = 'admin') = (merchant_id IS NULL))
);
CREATE UNIQUE INDEX users_email_uk ON users (lower(email)) WHERE status <> 'removed';
CREATE INDEX users_merchant ON users (merchant_id);

-- One row per refresh token issued (its jti). Using a token marks it used and issues the next in the same family;
-- a used token presented again means it was stolen or replayed, and revokes the whole family.
CREATE TABLE refresh_tokens (
    id         BIGSERIAL PRIMARY KEY,
    jti        VARCHAR(40) NOT NULL UNIQUE,
    family     VARCHAR(40) NOT NULL,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed logins per subject ('account:<email>' or 'ip:<address>'), shared by every instance.
CREATE TABLE login_failures (
    subject           VARCHAR(300) PRIMARY KEY,
    failures          INT          NOT NULL,
    window_started_at TIMESTAMPTZ  NOT NULL,
    locked_until      TIMESTAMPTZ
);

-- Request counters for API key rate limits: fixed windows, shared by every instance. Losing them in a crash
-- only forgives a second or a minute of traffic, so the table skips the WAL.
CREATE UNLOGGED TABLE rate_limit_windows (
    bucket       VARCHAR(80) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INT         NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

ALTER TABLE api_keys
    ADD COLUMN created_by BIGINT REFERENCES users (id),
    ADD COLUMN revoked_by BIGINT REFERENCES users (id);

ALTER TABLE merchants
    ADD COLUMN phone               TEXT,
    ADD COLUMN kyc_status          VARCHAR(16) NOT NULL DEFAULT 'not_submitted'
        CHECK (kyc_status IN ('not_submitted', 'pending', 'approved', 'rejected')),
    ADD COLUMN ip_allowlist        TEXT[]      NOT NULL DEFAULT '{}',
    -- per API key request rates; NULL takes the configured default
    ADD COLUMN rate_per_second     INT CHECK (rate_per_second > 0),
    ADD COLUMN rate_per_minute     INT CHECK (rate_per_minute > 0);

-- Transaction limits per merchant and payment method ('*' = every method); NULL columns take the configured default.
CREATE TABLE merchant_limits (
    merchant_id        BIGINT      NOT NULL REFERENCES merchants (id),
    payment_method     VARCHAR(16) NOT NULL,
    max_amount_minor   BIGINT CHECK (max_amount_minor > 0),
    daily_count        INT    CHECK (daily_count > 0),
    daily_amount_minor BIGINT CHECK (daily_amount_minor > 0),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (merchant_id, payment_method)
);

-- What a merchant initiated per day (EAT), per mode and method ('*' = all): reserved by a conditional update in a
-- transaction of its own, just before the payment's, so two instances can never both take the last unit of a limit
-- and the merchant's one hot row is never locked across a payment's commit. UNLOGGED: such a transaction waits for
-- no WAL flush; after a crash the table is empty and each counter is rebuilt from the day's payments on first use.
CREATE UNLOGGED TABLE merchant_daily_usage (
    merchant_id    BIGINT      NOT NULL,
    mode           VARCHAR(4)  NOT NULL,
    payment_method VARCHAR(16) NOT NULL,
    day            DATE        NOT NULL,
    payments       INT         NOT NULL,
    amount_minor   BIGINT      NOT NULL,
    PRIMARY KEY (merchant_id, mode, payment_method, day)
);
CREATE INDEX payments_merchant_created ON payments (merchant_id, mode, created_at);

-- The audit trail. Append-only: the triggers refuse UPDATE, DELETE and TRUNCATE for every database user the
-- application connects as (a superuser could drop them; production runs migrations as the schema owner and the
-- application as a user without DDL rights, see README).
CREATE TABLE audit_logs (
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    merchant_id BIGINT REFERENCES merchants (id),
    actor_type  VARCHAR(16)  NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system', 'anonymous')),
    actor       VARCHAR(254) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    target_type VARCHAR(32),
    target      VARCHAR(64),
    before      JSONB,
    after       JSONB,
    source_ip   VARCHAR(64),
    request_id  VARCHAR(64)
);
CREATE INDEX audit_logs_merchant ON audit_logs (merchant_id, id DESC);
CREATE INDEX audit_logs_action ON audit_logs (action, id DESC);

CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_logs_no_change BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM PUBLIC;

-- KYC documents: the file lives in the storage directory under its public id; the row keeps what was checked.
CREATE TABLE kyc_documents (
    id            BIGSERIAL PRIMARY KEY,
    public_id     VARCHAR(32)  NOT NULL UNIQUE,
    merchant_id   BIGINT       NOT NULL REFERENCES merchants (id),
    document_type VARCHAR(32)  NOT NULL CHECK (document_type IN ('certificate_of_incorporation', 'kra_pin_certificate',
                                                                 'director_id', 'bank_letter')),
    file_name     VARCHAR(255) NOT NULL,
    content_type  VARCHAR(32)  NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    status        VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason        VARCHAR(500),
    uploaded_by   BIGINT REFERENCES users (id),
    reviewed_by   BIGINT REFERENCES users (id),
    reviewed_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX kyc_documents_merchant ON kyc_documents (merchant_id, id DESC);
CREATE INDEX kyc_documents_status ON kyc_documents (status, id);

-- A merchant's own Lipa na M-Pesa shortcode and its passkey (encrypted by the application).
CREATE TABLE merchant_provider_credentials (
    id          BIGSERIAL PRIMARY KEY,
    merchant_id BIGINT      NOT NULL REFERENCES merchants (id),
    provider    VARCHAR(16) NOT NULL,
    mode        VARCHAR(4)  NOT NULL CHECK (mode IN ('test', 'live')),
    shortcode   VARCHAR(16) NOT NULL,
    secrets     TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT merchant_provider_credentials_uk UNIQUE (merchant_id, provider, mode)
);

-- Encrypted at rest: values become 'v1:<key id>:<base64 nonce+ciphertext>' (the application encrypts; the
-- re-encrypt command converts rows written before). Phones are found by a keyed hash, never by plaintext.
ALTER TABLE payments
    ALTER COLUMN phone TYPE TEXT,
    ALTER COLUMN email TYPE TEXT,
    ALTER COLUMN paid_phone TYPE TEXT,
    ALTER COLUMN payer_msisdn TYPE TEXT,
    ADD COLUMN phone_hash BYTEA;
ALTER TABLE c2b_unattributed
    ALTER COLUMN payer_msisdn TYPE TEXT;
CREATE INDEX payments_phone_hash ON payments (merchant_id, phone_hash) WHERE phone_hash IS NOT NULL;
ALTER TABLE merchants
    ALTER COLUMN webhook_secret TYPE TEXT,
    ALTER COLUMN previous_webhook_secret TYPE TEXT;
