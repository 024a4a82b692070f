-- C2B (paybill/till) payments: customers pay a merchant's account number without a prompt.
ALTER TABLE merchants
    ADD COLUMN c2b_account    VARCHAR(20) UNIQUE,
    ADD COLUMN c2b_max_minor  BIGINT CHECK (c2b_max_minor > 0);
UPDATE merchants SET c2b_account = upper(substr(md5(public_id), 1, 8)) WHERE c2b_account IS NULL;
ALTER TABLE merchants ALTER COLUMN c2b_account SET NOT NULL;

-- MSISDN exactly as Safaricom sent it: full (v1), masked or SHA-256 (v2). Never assumed to be a phone.
ALTER TABLE payments ADD COLUMN payer_msisdn VARCHAR(128);

-- Money received for no known account waits here for a person to attribute it.
CREATE TABLE c2b_unattributed (
    id               BIGSERIAL PRIMARY KEY,
    trans_id         VARCHAR(32)  NOT NULL UNIQUE,
    amount_minor     BIGINT       NOT NULL,
    bill_ref_number  VARCHAR(64),
    business_code    VARCHAR(16),
    payer_msisdn     VARCHAR(128),
    payload          TEXT         NOT NULL,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    resolved_at      TIMESTAMPTZ
);
