-- Daraja's OAuth token of each profile, shared by every gateway instance. Daraja invalidates the previous token when
-- it issues a new one, so instances that fetched their own would keep invalidating each other's (every request of one
-- refused after the other refreshed). One instance fetches under the row's lock; the others read it. The token is
-- encrypted (FieldCipher, bound to this column); it lives an hour, so a rotated master key only costs one fetch.
CREATE TABLE daraja_access_tokens (
    profile    VARCHAR(32) PRIMARY KEY,
    token      TEXT        NOT NULL,
    refresh_at TIMESTAMPTZ NOT NULL,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
