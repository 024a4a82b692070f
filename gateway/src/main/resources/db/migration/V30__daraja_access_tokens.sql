-- Daraja's OAuth token of each Daraja app, shared by every gateway instance. Daraja invalidates the previous token
-- when it issues a new one, so instances that fetched their own would keep invalidating each other's (every request of
-- one refused after the other refreshed). One instance fetches under the row's lock; the others read it. A row is keyed
-- by the app's credential (a SHA-256 of Daraja's base URL and the consumer key, never the key itself), not by the
-- profile's name: instances that name the same profile but talk to another Daraja or as another app (a staging
-- gateway on the same database, a rotated consumer key) never take each other's token. The token is encrypted
-- (FieldCipher, bound to this column); it lives an hour, so a rotated master key only costs one fetch.
CREATE TABLE daraja_access_tokens (
    credential CHAR(64)    PRIMARY KEY,
    profile    VARCHAR(32) NOT NULL,
    token      TEXT        NOT NULL,
    refresh_at TIMESTAMPTZ NOT NULL,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
