-- bench/dashboard.sh, step 1 of 2: the customers' phones and emails, encrypted by the gateway itself.
-- AES-GCM is not in SQL, so :customers carrier payments are written with plaintext phone, paid phone and email; the
-- script then runs the jar's re-encrypt command (the application's own cipher and look-up hash), and
-- dashboard_fill.sql copies the stored values onto the generated payments and deletes the carriers.
-- psql variables: merchant (merchants.id), customers.
CREATE TABLE bench_customers (
    n     INT PRIMARY KEY,
    phone TEXT NOT NULL,
    email TEXT NOT NULL
);
-- distinct Kenyan mobiles (7919 is prime to 10^8, so n * 7919 mod 10^8 never repeats below 10^8)
INSERT INTO bench_customers (n, phone, email)
SELECT n, '2547' || lpad(((n::bigint * 7919) % 100000000)::text, 8, '0'), 'customer' || n || '@example.com'
FROM generate_series(1, :customers) n;

INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                      amount_minor, currency, phone, email, paid_phone)
SELECT 'BENCHCARRIER' || n, :merchant, 'test', 'bench-carrier-' || n, 'mpesa', 'mpesa', 'failed', 100, 'KES',
       phone, email, phone
FROM bench_customers ORDER BY n;
