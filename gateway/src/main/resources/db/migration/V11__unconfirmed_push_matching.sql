-- An M-Pesa success naming a CheckoutRequestID we never recorded (the push's answer was lost) is matched by phone
-- and amount among the payments still without provider ids: keep that look-up off a scan of every payment.
CREATE INDEX payments_unconfirmed_push ON payments (phone_hash, amount_minor) WHERE checkout_request_id IS NULL;
