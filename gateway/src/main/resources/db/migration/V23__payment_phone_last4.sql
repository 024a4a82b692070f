-- The dashboard's payment search finds a payment by the last four digits of the customer's phone (phones are
-- encrypted at rest; these four digits are kept in clear, as a card's last four are). Payments made before this
-- migration have none and are found by their full number (phone_hash) instead.
ALTER TABLE payments ADD COLUMN phone_last4 CHAR(4);
CREATE INDEX payments_phone_last4 ON payments (merchant_id, mode, phone_last4, id DESC) WHERE phone_last4 IS NOT NULL;
