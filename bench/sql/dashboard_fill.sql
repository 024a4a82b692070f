-- bench/dashboard.sh, step 2 of 2: one merchant's payments over :days days and what the payment path writes beside
-- them (events, webhook deliveries and their attempts, STK callbacks, refunds), plus audit records. Deterministic:
-- every "random" choice is a hash of the row number. Ids follow created_at, as the payment path assigns them.
-- psql variables: merchant, payments, days, customers, audit, webhook_url, last4_col / last4_val (', phone_last4' and
-- ', c.last4' when the schema has the column, else empty).
\set ON_ERROR_STOP on
-- every row references rows this script wrote itself: the foreign keys' triggers (a look-up per row) are skipped
SET session_replication_role = replica;
SET work_mem = '256MB';

-- the customers as the gateway stored them (dashboard_customers.sql, then re-encrypt)
ALTER TABLE bench_customers ADD COLUMN phone_enc TEXT, ADD COLUMN phone_hash BYTEA, ADD COLUMN email_enc TEXT,
    ADD COLUMN paid_phone_enc TEXT, ADD COLUMN last4 VARCHAR(4);
UPDATE bench_customers c SET phone_enc = p.phone, phone_hash = p.phone_hash, email_enc = p.email,
    paid_phone_enc = p.paid_phone, last4 = right(c.phone, 4)
FROM payments p WHERE p.reference = 'BENCHCARRIER' || c.n;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM bench_customers WHERE phone_enc IS NULL OR phone_enc NOT LIKE 'v1:%'
                                                  OR phone_hash IS NULL) THEN
        RAISE EXCEPTION 'the carriers were not encrypted (did re-encrypt run?)';
    END IF;
END
$$;
DELETE FROM payments WHERE reference LIKE 'BENCHCARRIER%';

UPDATE merchants SET webhook_url = :'webhook_url' WHERE id = :merchant;

-- ---------------------------------------------------------------- payments
-- mode: 1 in 5 test. method: 1 in 4 card (Paystack or Flutterwave). Status: the last 10 minutes still pending;
-- before that completed 70 %, partially refunded 1.5 %, refunded 1 %, failed 13 %, cancelled 8 %, expired 6.5 %.
-- M-Pesa payments carry a customer's phone (encrypted, its look-up hash, its last digits), cards an email.
CREATE TEMP TABLE bench_rows AS
SELECT g,
       now() - make_interval(secs => :days * 86400.0 * (1 - (g - 0.5) / :payments)) AS t,
       abs(hashint4(g)::bigint) % 1000 AS r_status,
       abs(hashint4(g + 7)::bigint) % 1000 AS r_method,
       abs(hashint4(g + 13)::bigint) % 20000 AS r_amount,
       1 + abs(hashint4(g + 17)::bigint) % :customers AS customer
FROM generate_series(1, :payments) g;

INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                      amount_minor, currency, phone, phone_hash, email, paid_phone, description, metadata,
                      merchant_request_id, checkout_request_id, customer_message, provider_receipt, paid_at,
                      failure_code, failure_reason, next_check_at, created_at, updated_at, completed_at,
                      provider_transaction_id, card_last4, card_brand, refunded_minor, fee_minor :last4_col)
SELECT 'TXN' || to_char(r.t AT TIME ZONE 'Africa/Nairobi', 'YYYYMMDD') || upper(substr(md5('ref' || r.g), 1, 10)),
       :merchant, CASE WHEN r.g % 5 = 0 THEN 'test' ELSE 'live' END, 'ORD-' || r.g, x.method,
       CASE WHEN x.method = 'mpesa' THEN 'mpesa' WHEN r.r_method % 2 = 0 THEN 'paystack' ELSE 'flutterwave' END,
       x.status, x.amount, 'KES',
       CASE WHEN x.mpesa THEN c.phone_enc END, CASE WHEN x.mpesa THEN c.phone_hash END,
       CASE WHEN NOT x.mpesa THEN c.email_enc END, CASE WHEN x.mpesa AND x.paid THEN c.paid_phone_enc END,
       'Order ' || r.g, CASE WHEN r.g % 3 = 0 THEN jsonb_build_object('order_id', r.g::text) END,
       CASE WHEN x.mpesa THEN (r.g % 100000) || '-' || r.g || '-1' END,
       CASE WHEN x.mpesa THEN 'ws_CO_' || to_char(r.t, 'DDMMYYYYHH24MISS') || r.g END,
       CASE WHEN x.mpesa THEN 'Success. Request accepted for processing' END,
       CASE WHEN x.mpesa AND x.paid THEN 'S' || upper(substr(md5('rcpt' || r.g), 1, 9)) END,
       CASE WHEN x.paid THEN r.t + interval '25 seconds' END,
       CASE x.status WHEN 'failed' THEN '1' WHEN 'cancelled' THEN '1032' WHEN 'expired' THEN '1037' END,
       CASE x.status WHEN 'failed' THEN 'The balance is insufficient for the transaction'
                     WHEN 'cancelled' THEN 'Request cancelled by user'
                     WHEN 'expired' THEN 'DS timeout user cannot be reached' END,
       CASE WHEN x.status = 'pending' THEN now() + interval '1 day' END,
       r.t, r.t + CASE WHEN x.status = 'pending' THEN interval '0' ELSE interval '25 seconds' END,
       CASE WHEN x.paid THEN r.t + interval '25 seconds' END,
       CASE WHEN NOT x.mpesa AND x.paid THEN (4000000000 + r.g)::text END,
       CASE WHEN NOT x.mpesa AND x.paid THEN lpad((r.g % 10000)::text, 4, '0') END,
       CASE WHEN NOT x.mpesa AND x.paid THEN CASE WHEN r.g % 3 = 0 THEN 'mastercard' ELSE 'visa' END END,
       CASE x.status WHEN 'refunded' THEN x.amount WHEN 'partially_refunded' THEN x.amount / 2 ELSE 0 END,
       CASE WHEN x.paid THEN (x.amount * CASE WHEN x.mpesa THEN 150 ELSE 290 END + 5000) / 10000 END
       :last4_val
FROM bench_rows r
JOIN bench_customers c ON c.n = r.customer
CROSS JOIN LATERAL (
    SELECT s.status, s.status IN ('completed', 'partially_refunded', 'refunded') AS paid,
           m.method, m.method = 'mpesa' AS mpesa, (50 + r.r_amount) * 100 AS amount
    FROM (SELECT CASE WHEN r.r_method < 250 THEN 'card' ELSE 'mpesa' END AS method) m,
         (SELECT CASE WHEN r.t > now() - interval '10 minutes' THEN 'pending'
                      WHEN r.r_status < 700 THEN 'completed'
                      WHEN r.r_status < 715 THEN 'partially_refunded'
                      WHEN r.r_status < 725 THEN 'refunded'
                      WHEN r.r_status < 855 THEN 'failed'
                      WHEN r.r_status < 935 THEN 'cancelled'
                      ELSE 'expired' END AS status) s
) x
ORDER BY r.g;
DROP TABLE bench_rows;

-- ---------------------------------------------------------------- events, webhook deliveries, attempts
-- payment.initiated for every payment, and its outcome's event for every payment no longer pending; all published.
INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload, created_at,
                           published_at, kafka_published_at)
SELECT 'evt_' || substr(md5(e.kind || p.id), 1, 24), p.merchant_id, p.mode, p.reference, e.type,
       jsonb_build_object('reference', p.reference, 'merchant_reference', p.merchant_reference,
                          'status', p.status, 'amount', p.amount_minor / 100.0, 'currency', p.currency,
                          'payment_method', p.payment_method, 'mode', p.mode),
       e.at, e.at + interval '1 second', e.at + interval '1 second'
FROM payments p
CROSS JOIN LATERAL (VALUES ('i', 'payment.initiated', p.created_at),
                           ('o', 'payment.' || CASE WHEN p.status IN ('partially_refunded', 'refunded')
                                                   THEN 'completed' ELSE p.status END, p.updated_at)) e (kind, type, at)
WHERE p.merchant_id = :merchant AND (e.kind = 'i' OR p.status NOT IN ('pending', 'processing'))
ORDER BY e.at, p.id;

-- delivered at the first attempt (1 in 30 at the second); 1 in 40 failed after 8 attempts; the last minute pending
INSERT INTO webhook_deliveries (public_id, event_id, merchant_id, mode, url, status, attempts, next_attempt_at,
                                last_status_code, last_error, created_at, window_started_at, delivered_at)
SELECT 'whd_' || substr(md5('d' || o.id), 1, 20), o.event_id, o.merchant_id, o.mode, :'webhook_url', x.status,
       CASE x.status WHEN 'failed' THEN 8 WHEN 'pending' THEN 0 ELSE 1 + (o.id % 30 = 0)::int END,
       CASE WHEN x.status = 'pending' THEN now() + interval '1 hour' END,
       CASE x.status WHEN 'failed' THEN 500 WHEN 'delivered' THEN 200 END,
       CASE WHEN x.status = 'failed' THEN 'HTTP 500' END,
       o.created_at, o.created_at, CASE WHEN x.status = 'delivered' THEN o.created_at + interval '300 milliseconds' END
FROM outbox_events o
CROSS JOIN LATERAL (SELECT CASE WHEN o.created_at > now() - interval '1 minute' THEN 'pending'
                                WHEN o.id % 40 = 0 THEN 'failed' ELSE 'delivered' END AS status) x
WHERE o.merchant_id = :merchant
ORDER BY o.id;

INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt)
SELECT d.id, d.created_at + make_interval(mins => k - 1), CASE WHEN k = d.attempts AND d.status = 'delivered'
       THEN 200 ELSE 500 END, 40 + (d.id + k) % 400, CASE WHEN k < d.attempts OR d.status = 'failed' THEN 'HTTP 500' END,
       CASE WHEN k = d.attempts AND d.status = 'delivered' THEN '{"ok":true}' ELSE 'Internal Server Error' END
FROM webhook_deliveries d CROSS JOIN LATERAL generate_series(1, d.attempts) k
WHERE d.merchant_id = :merchant
ORDER BY d.id, k;

-- ---------------------------------------------------------------- STK callbacks, refunds
INSERT INTO provider_callbacks (provider, kind, correlation_id, outcome, note, source_ip, payload, payload_length,
                                received_at)
SELECT 'mpesa', 'stk_callback', p.checkout_request_id, 'applied', NULL, '196.201.214.200', x.body, length(x.body),
       p.updated_at
FROM payments p
CROSS JOIN LATERAL (SELECT '{"Body":{"stkCallback":{"MerchantRequestID":"' || p.merchant_request_id
       || '","CheckoutRequestID":"' || p.checkout_request_id || '","ResultCode":'
       || COALESCE(p.failure_code, '0') || ',"ResultDesc":"' || COALESCE(p.failure_reason, 'The service request is '
       || 'processed successfully.') || '"}}}' AS body) x
WHERE p.merchant_id = :merchant AND p.payment_method = 'mpesa' AND p.status NOT IN ('pending', 'processing')
ORDER BY p.updated_at, p.id;

INSERT INTO refunds (reference, payment_id, merchant_id, amount_minor, currency, reason, status, provider,
                     provider_refund_id, created_at, updated_at, processed_at)
SELECT 'RFD' || upper(substr(md5('rfd' || p.id), 1, 16)), p.id, p.merchant_id, p.refunded_minor, p.currency,
       'Customer request', 'processed', p.provider, 'RV' || p.id, p.updated_at + interval '1 hour',
       p.updated_at + interval '1 hour', p.updated_at + interval '1 hour'
FROM payments p
WHERE p.merchant_id = :merchant AND p.status IN ('partially_refunded', 'refunded')
ORDER BY p.updated_at, p.id;

-- ---------------------------------------------------------------- the audit trail
INSERT INTO audit_logs (occurred_at, merchant_id, actor_type, actor, action, target_type, target, after, source_ip)
SELECT now() - make_interval(secs => :days * 86400.0 * (1 - (g - 0.5) / :audit)), :merchant, 'user',
       'staff' || (g % 7) || '@shop.test', a.action, a.target_type, 'T' || g,
       jsonb_build_object('n', g), '41.90.' || (g % 256) || '.' || (g % 200)
FROM generate_series(1, :audit) g
CROSS JOIN LATERAL (SELECT (ARRAY['auth.login', 'auth.login', 'auth.login', 'refund.created', 'webhook.replayed',
                                  'user.invited', 'merchant.updated', 'auth.logout'])[1 + g % 8] AS action,
                           (ARRAY['user', 'user', 'user', 'refund', 'webhook_delivery', 'user', 'merchant',
                                  'user'])[1 + g % 8] AS target_type) a
ORDER BY g;

DROP TABLE bench_customers;
