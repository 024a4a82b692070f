#!/usr/bin/env node
// Writes onpoint-pay.postman_collection.json (Postman Collection v2.1) from the steps below: the README's
// walk-throughs in README order, each request with its tests. Edit this file, then `node postman/build-collection.js`
// (bin/postman refuses to run a collection that differs from what this file writes).
//
// Conventions of the scripts written here:
// - every request tests its status and the fields the README promises (exact amounts, as the gateway writes them:
//   `"amount":100.00`) and saves what later requests need as collection variables;
// - `run` (set by the first request) makes emails and references unique, so a collection runs again and again
//   against the same gateway;
// - a step that waits for the simulators (a callback, a webhook, a payout) re-runs itself with setNextRequest,
//   `pollDelayMs` apart, at most `pollMax` times, until the state is final; only then (or when out of tries) it
//   asserts.
'use strict';
const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, 'onpoint-pay.postman_collection.json');
const API = '{{baseUrl}}/api/v1';

// ------------------------------------------------------------------ script snippets
const lines = (text) => text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');

/** Tests wrapped so they run only once `final` (a JS expression over `body`) holds or the tries are spent. */
function poll(final, tests, what) {
  return `
const body = pm.response.json();
const tries = Number(pm.collectionVariables.get('tries') || 0) + 1;
const max = Number(pm.environment.get('pollMax') || pm.collectionVariables.get('pollMax') || 60);
if (!(${final}) && tries < max) {
  // ${what}: not yet; this request runs again after pollDelayMs
  pm.collectionVariables.set('tries', tries);
  pm.execution.setNextRequest(pm.info.requestName);
} else {
  pm.collectionVariables.set('tries', 0);
  pm.test('${what} (after ' + tries + ' tries)', () => pm.expect(${final}, JSON.stringify(body).slice(0, 600)).to.be.true);
${tests.replace(/^\n/, '').replace(/^/gm, '  ')}
}`;
}

/** The pre-request half of a poll: a short pause before each retry (not before the first try). */
const POLL_PAUSE = `
if (Number(pm.collectionVariables.get('tries') || 0) > 0) {
  const delay = Number(pm.environment.get('pollDelayMs') || pm.collectionVariables.get('pollDelayMs') || 500);
  setTimeout(() => {}, delay);
}`;

/** Declares signedWith(event, secret): does X-OnPoint-Signature hold a v1 = HMAC-SHA256(secret, t + "." + body)? */
const SIGNED = `
// X-OnPoint-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; two v1 while a rotated-out secret
// still signs (24 h), so any v1 may match, as the README's Python verify() accepts
const hmac = require('crypto-js');
function signedWith(e, secret) {
  const parts = e.signature.split(',').map((p) => p.split('='));
  const t = (parts.find(([k]) => k === 't') || [])[1];
  const expected = hmac.HmacSHA256(t + '.' + e.body, secret).toString(hmac.enc.Hex);
  return parts.some(([k, v]) => k === 'v1' && v === expected);
}
const signedAt = (e) => Number(e.signature.split(',').find((p) => p.startsWith('t=')).slice(2));`;

const status = (code) => `pm.test('status ${code}', () => pm.response.to.have.status(${code}));`;
/** The answer's raw text has `"key":value` as the gateway writes it (amounts with two decimals). */
const raw = (fragment) =>
  `pm.test('answer has ${fragment.replace(/'/g, "\\'")}', () => pm.expect(pm.response.text()).to.include('${fragment.replace(/'/g, "\\'")}'));`;
const problem = (code, type) => `
${status(code)}
pm.test('problem+json ${type}', () => {
  pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json');
  pm.expect(pm.response.json().type).to.match(/\\/${type}$/);
});`;

// ------------------------------------------------------------------ request builders
function request(name, method, url, { auth, headers = [], body, pre, test, description } = {}) {
  const header = [];
  if (auth) header.push({ key: 'Authorization', value: `Bearer {{${auth}}}` });
  if (body !== undefined) header.push({ key: 'Content-Type', value: 'application/json' });
  header.push(...headers);
  const item = {
    name,
    request: { method, header, url: urlObject(url) },
    event: [],
  };
  if (description) item.request.description = description;
  if (body !== undefined) {
    item.request.body = {
      mode: 'raw',
      raw: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
      options: { raw: { language: 'json' } },
    };
  }
  if (pre) item.event.push({ listen: 'prerequest', script: { type: 'text/javascript', exec: lines(pre) } });
  if (test) item.event.push({ listen: 'test', script: { type: 'text/javascript', exec: lines(test) } });
  return item;
}

function urlObject(raw) {
  const [base, query] = raw.split('?');
  const url = { raw };
  const match = base.match(/^(\{\{\w+\}\})(.*)$/);
  if (match) {
    url.host = [match[1]];
    url.path = match[2].split('/').filter(Boolean);
  }
  if (query) {
    url.query = query.split('&').map((pair) => {
      const [key, ...value] = pair.split('=');
      return { key, value: value.join('=') };
    });
  }
  return url;
}

const idempotent = [{ key: 'Idempotency-Key', value: '{{$guid}}' }];

// The README's first payment, sent twice under one Idempotency-Key (the second answer is the first one again)
const ORDER_123 = `{
  "amount": 100.00,
  "currency": "KES",
  "payment_method": "mpesa",
  "phone": "0712345678",
  "reference": "ORDER-{{run}}-123",
  "callback_url": "https://yourdomain.com/webhook",
  "metadata": {"order_id": "123", "customer_name": "John Doe"}
}`;
const folder = (name, description, item) => ({ name, description, item });

// ------------------------------------------------------------------ the walk-throughs
const mpesa = folder(
  'Take an M-Pesa payment',
  "README: \"Take an M-Pesa payment\". A merchant and its owner, the owner's login, a test key, a KES 100 STK push the simulated customer pays (~3 s), one the customer cancels (phone ending 32, ~8 s), and the list filtered and paged by cursor.",
  [
    request('Register the merchant', 'POST', `${API}/auth/register`, {
      pre: `
// a fresh run: unique emails and references, so the collection can run again against the same gateway
const run = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36).padStart(2, '0');
pm.collectionVariables.set('run', run);
pm.collectionVariables.set('ownerEmail', 'owner+' + run + '@acme.test');
pm.collectionVariables.set('tries', 0);`,
      body: {
        business_name: 'Acme Ltd',
        email: '{{ownerEmail}}',
        password: '{{ownerPassword}}',
        phone: '0712345678',
      },
      test: `
${status(201)}
const body = pm.response.json();
pm.test('tokens, merchant and user', () => {
  pm.expect(body.tokens.access).to.be.a('string').and.not.empty;
  pm.expect(body.tokens.refresh).to.be.a('string').and.not.empty;
  pm.expect(body.merchant.id).to.match(/^mch_/);
  pm.expect(body.merchant.kyc_status).to.eql('not_submitted');
  pm.expect(body.user).to.be.an('object');
});
pm.collectionVariables.set('merchantId', body.merchant.id);`,
    }),
    request('Log in as the owner', 'POST', `${API}/auth/login`, {
      body: { email: '{{ownerEmail}}', password: '{{ownerPassword}}' },
      test: `
${status(200)}
const body = pm.response.json();
pm.test('an access token (JWT) and a refresh token', () => {
  pm.expect(body.tokens.access.split('.')).to.have.length(3);
  pm.expect(body.tokens.refresh).to.be.a('string').and.not.empty;
  pm.expect(body.merchant.id).to.eql(pm.collectionVariables.get('merchantId'));
});
pm.collectionVariables.set('access', body.tokens.access);`,
    }),
    request('Create a test API key', 'POST', `${API}/merchants/me/api-keys`, {
      auth: 'access',
      body: {
        name: 'shop backend',
        mode: 'test',
        scopes: ['payments:write', 'payments:read', 'refunds:write', 'webhooks:manage'],
      },
      test: `
${status(201)}
const body = pm.response.json();
pm.test('the secret key, shown once', () => {
  pm.expect(body.key).to.match(/^sk_test_/);
  pm.expect(body.mode).to.eql('test');
  pm.expect(body.scopes).to.have.members(['payments:write', 'payments:read', 'refunds:write', 'webhooks:manage']);
});
pm.collectionVariables.set('apiKey', body.key);`,
    }),
    request('A live key needs approved KYC', 'POST', `${API}/merchants/me/api-keys`, {
      auth: 'access',
      body: { name: 'live backend', mode: 'live', scopes: ['payments:write'] },
      test: problem(403, 'kyc-required'),
    }),
    request('Initiate an M-Pesa payment of KES 100', 'POST', `${API}/payments/initiate`, {
      auth: 'apiKey',
      headers: [{ key: 'Idempotency-Key', value: 'order-{{run}}-123-attempt-1' }],
      body: ORDER_123,
      test: `
${status(201)}
const body = pm.response.json();
pm.test('pending, with the STK push ids', () => {
  pm.expect(body.reference).to.match(/^TXN/);
  pm.expect(body.status).to.eql('pending');
  pm.expect(body.checkout_request_id).to.match(/^ws_CO_/);
  pm.expect(body.customer_message).to.eql('Success. Request accepted for processing');
});
${raw('"amount":100.00')}
pm.collectionVariables.set('order123', 'ORDER-' + pm.collectionVariables.get('run') + '-123');
pm.collectionVariables.set('order123Txn', body.reference);`,
    }),
    request('Same Idempotency-Key: the first answer again', 'POST', `${API}/payments/initiate`, {
      auth: 'apiKey',
      headers: [{ key: 'Idempotency-Key', value: 'order-{{run}}-123-attempt-1' }],
      body: ORDER_123,
      test: `
${status(201)}
pm.test('the same payment, not a second one', () =>
  pm.expect(pm.response.json().reference).to.eql(pm.collectionVariables.get('order123Txn')));`,
    }),
    request('Wait until the customer has paid', 'GET', `${API}/payments/transactions/{{order123}}`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.status === 'completed'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('completed with the receipt and the paying phone', () => {
  pm.expect(body.reference).to.eql(pm.collectionVariables.get('order123Txn'));
  pm.expect(body.merchant_reference).to.eql(pm.collectionVariables.get('order123'));
  pm.expect(body.mpesa_receipt).to.be.a('string').and.not.empty;
  pm.expect(body.paid_phone).to.eql('254712345678');
  pm.expect(body.completed_at).to.be.a('string');
  pm.expect(body.metadata).to.eql({ order_id: '123', customer_name: 'John Doe' });
});
pm.test('answer has "amount":100.00', () => pm.expect(pm.response.text()).to.include('"amount":100.00'));`,
        'the payment is completed',
      ),
    }),
    request('A customer who cancels the prompt (phone ending 32)', 'POST', `${API}/payments/initiate`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"amount": 250, "payment_method": "mpesa", "phone": "0700000032", "reference": "ORDER-{{run}}-124"}',
      test: `
${status(201)}
pm.test('pending', () => pm.expect(pm.response.json().status).to.eql('pending'));
${raw('"amount":250.00')}
pm.collectionVariables.set('order124', 'ORDER-' + pm.collectionVariables.get('run') + '-124');`,
    }),
    request('Wait until the payment is cancelled', 'POST', `${API}/payments/status`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      body: '{"reference": "{{order124}}", "payment_method": "mpesa"}',
      test: poll(
        "body.status !== 'pending'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('cancelled: 1032', () => {
  pm.expect(body.status).to.eql('cancelled');
  pm.expect(body.failure_code).to.eql('1032');
  pm.expect(body.failure_reason).to.eql('Request cancelled by user');
});`,
        'the payment has ended',
      ),
    }),
    request(
      'Completed M-Pesa payments, filtered',
      'GET',
      `${API}/payments/transactions?status=completed&payment_method=mpesa&date_from=2026-01-01&limit=20`,
      {
        auth: 'apiKey',
        test: `
${status(200)}
const body = pm.response.json();
pm.test('only the completed one', () => {
  pm.expect(body.data.map((p) => p.merchant_reference)).to.eql([pm.collectionVariables.get('order123')]);
  pm.expect(body.has_more).to.be.false;
});`,
      },
    ),
    request('Paged: the newest payment and a cursor', 'GET', `${API}/payments/transactions?limit=1`, {
      auth: 'apiKey',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('the cancelled one first, more to come', () => {
  pm.expect(body.data).to.have.length(1);
  pm.expect(body.data[0].merchant_reference).to.eql(pm.collectionVariables.get('order124'));
  pm.expect(body.has_more).to.be.true;
  pm.expect(body.next_cursor).to.be.a('string').and.not.empty;
});
pm.collectionVariables.set('cursor', body.next_cursor);`,
    }),
    request('Paged: the next page', 'GET', `${API}/payments/transactions?limit=1&cursor={{cursor}}`, {
      auth: 'apiKey',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('the first payment, and the end', () => {
  pm.expect(body.data.map((p) => p.merchant_reference)).to.eql([pm.collectionVariables.get('order123')]);
  pm.expect(body.has_more).to.be.false;
});`,
    }),
  ],
);

const limits = folder(
  'Limits, a 429 and the audit trail',
  'README: "Limits, a 429 and the audit trail". Needs an admin (adminEmail, adminPassword: `create-admin`; bin/postman makes one). The admin caps the key at 5 requests a minute; the key gets 429 with Retry-After; the limit is lifted; the audit trail shows who did what.',
  [
    request('Log in as the admin', 'POST', `${API}/auth/login`, {
      body: { email: '{{adminEmail}}', password: '{{adminPassword}}' },
      test: `
pm.test('status 200 (the admin exists: java -jar app/target/onpoint-pay.jar create-admin --email … --password …)', () =>
  pm.response.to.have.status(200));
pm.collectionVariables.set('adminAccess', pm.response.json().tokens.access);`,
    }),
    request("The merchant's own record", 'GET', `${API}/merchants/me`, {
      auth: 'access',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('its id and paybill account number', () => {
  pm.expect(body.id).to.eql(pm.collectionVariables.get('merchantId'));
  pm.expect(body.c2b_account).to.be.a('string').and.not.empty;
});
pm.collectionVariables.set('c2bAccount', body.c2b_account);`,
    }),
    request('Cap the key at 5 requests a minute', 'PUT', `${API}/admin/merchants/{{merchantId}}/limits`, {
      auth: 'adminAccess',
      body: { requests_per_minute: 5 },
      test: `
${status(200)}
pm.test('requests_per_minute 5', () => pm.expect(pm.response.json().requests_per_minute).to.eql(5));`,
    }),
    request('Requests until the 429', 'GET', `${API}/payments/transactions`, {
      auth: 'apiKey',
      description:
        'Runs again until the key is refused (at most 12 times: 5 allowed a minute, and the minute may roll over once).',
      test: `
const tries = Number(pm.collectionVariables.get('tries') || 0) + 1;
if (pm.response.code === 200 && tries < 12) {
  pm.collectionVariables.set('tries', tries);
  pm.execution.setNextRequest(pm.info.requestName);
} else {
  pm.collectionVariables.set('tries', 0);
  pm.test('429 after at most 11 answers of 200 (this time after ' + (tries - 1) + ')', () => pm.response.to.have.status(429));
  pm.test('Retry-After in seconds', () => pm.expect(Number(pm.response.headers.get('Retry-After'))).to.be.within(1, 60));
  const body = pm.response.json();
  pm.test('problem+json naming the limit', () => {
    pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json');
    pm.expect(body.type).to.match(/\\/rate-limited$/);
    pm.expect(body.title).to.eql('Too many requests');
    pm.expect(body.status).to.eql(429);
    pm.expect(body.detail).to.eql('This API key is over its limit of 5 requests per minute');
    pm.expect(body.limit).to.eql('requests_per_minute');
    pm.expect(body.limit_value).to.eql(5);
  });
}`,
    }),
    request('Back to the default limit', 'PUT', `${API}/admin/merchants/{{merchantId}}/limits`, {
      auth: 'adminAccess',
      body: { requests_per_minute: null },
      test: `
${status(200)}
pm.test('requests_per_minute back to the default', () =>
  pm.expect(pm.response.json().requests_per_minute).to.not.eql(5));`,
    }),
    request('The audit trail, newest first', 'GET', `${API}/audit-logs?limit=5`, {
      auth: 'access',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('the limit changes, the payments, by whom', () => {
  const actions = body.data.map((e) => e.action);
  pm.expect(actions).to.include('merchant.limits_updated');
  pm.expect(actions).to.include('payment.initiated');
  const payment = body.data.find((e) => e.action === 'payment.initiated');
  pm.expect(payment.actor_type).to.eql('api_key');
  pm.expect(payment.actor).to.match(/^sk_test_/);
  pm.expect(payment.target).to.match(/^TXN/);
  pm.expect(payment.request_id).to.be.a('string').and.not.empty;
});`,
    }),
    request(
      'The audit trail as CSV',
      'GET',
      `${API}/audit-logs?format=csv&action=merchant.limits_updated`,
      {
        auth: 'access',
        test: `
${status(200)}
pm.test('text/csv, a header and the two limit changes', () => {
  pm.expect(pm.response.headers.get('Content-Type')).to.include('text/csv');
  const rows = pm.response.text().trim().split(/\\r?\\n/);
  pm.expect(rows.length).to.eql(3);
  pm.expect(rows.slice(1).every((row) => row.includes('merchant.limits_updated'))).to.be.true;
});`,
      },
    ),
  ],
);

const card = folder(
  'A card payment and a partial refund',
  "README: \"A card payment and a partial refund\". The Paystack simulator's hosted checkout takes the card; its signed webhook completes the payment; a partial refund follows Paystack's refund.processed.",
  [
    request('Initiate a card payment of KES 2,500', 'POST', `${API}/payments/initiate`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"amount": 2500.00, "currency": "KES", "payment_method": "card", "email": "customer@example.com", "reference": "ORDER-{{run}}-125"}',
      test: `
${status(201)}
const body = pm.response.json();
pm.test('pending, with the hosted checkout', () => {
  pm.expect(body.status).to.eql('pending');
  pm.expect(body.authorization_url).to.match(/^https?:\\/\\/.+\\/checkout\\//);
});
${raw('"amount":2500.00')}
pm.collectionVariables.set('order125', 'ORDER-' + pm.collectionVariables.get('run') + '-125');
pm.collectionVariables.set('order125Txn', body.reference);
pm.collectionVariables.set('checkout', body.authorization_url.replace(/\\/$/, ''));`,
    }),
    request('The customer presses Pay on the checkout page', 'POST', '{{checkout}}/pay', {
      test: `
pm.test('the checkout page accepts', () => pm.expect(pm.response.code).to.be.within(200, 399));`,
    }),
    request('Wait until the card payment completes', 'GET', `${API}/payments/transactions/{{order125}}`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.status === 'completed'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('completed by Paystack, with the card', () => {
  pm.expect(body.provider).to.eql('paystack');
  pm.expect(body.card).to.include({ last4: '4081', brand: 'visa', expiry: '12/2030' });
});
pm.test('answer has "amount":2500.00', () => pm.expect(pm.response.text()).to.include('"amount":2500.00'));`,
        'the card payment is completed',
      ),
    }),
    request('Refund KES 1,000 of it', 'POST', `${API}/payments/refund`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"reference": "{{order125}}", "amount": 1000.00, "reason": "Customer returned one item"}',
      test: `
${status(201)}
const body = pm.response.json();
pm.test('a pending refund', () => {
  pm.expect(body.refund_reference).to.match(/^RFD/);
  pm.expect(body.status).to.eql('pending');
});
${raw('"amount_refunded":1000.00')}`,
    }),
    request('Wait until the payment is partially refunded', 'GET', `${API}/payments/transactions/{{order125}}`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.status === 'partially_refunded'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('answer has "amount_refunded":1000.00', () => pm.expect(pm.response.text()).to.include('"amount_refunded":1000.00'));`,
        'the payment is partially refunded',
      ),
    }),
  ],
);

const c2b = folder(
  'A paybill (C2B) payment, and an M-Pesa refund by reversal',
  'README: "A paybill (C2B) payment, and an M-Pesa refund by reversal". The C2B URLs must be registered with the Daraja simulator (`register-c2b-urls`, or MPESA_C2B_REGISTER_ON_STARTUP=true as bin/postman starts the gateway).',
  [
    request("A customer pays the merchant's paybill account", 'POST', '{{baseUrl}}/sim/daraja/__sim/c2b/pay', {
      body: '{"ShortCode": "600984", "CommandID": "CustomerPayBillOnline", "Amount": 1500, "Msisdn": "254708374149", "BillRefNumber": "{{c2bAccount}}#INV42"}',
      test: `
pm.test('the simulator takes the payment', () => pm.expect(pm.response.code).to.be.within(200, 299));
const body = pm.response.json();
pm.test('its TransID, for the account', () => {
  pm.expect(body.trans_id).to.be.a('string').and.not.empty;
  pm.expect(body.bill_ref_number).to.eql(pm.collectionVariables.get('c2bAccount') + '#INV42');
});
pm.collectionVariables.set('c2bTransId', body.trans_id);`,
    }),
    request('Wait until the paybill payment is recorded', 'GET', `${API}/payments/transactions?payment_method=mpesa`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.data.some((p) => p.merchant_reference === 'C2B-' + pm.collectionVariables.get('c2bTransId'))",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
const c2b = body.data.find((p) => p.merchant_reference === 'C2B-' + pm.collectionVariables.get('c2bTransId'));
pm.test('completed, KES 1,500, the receipt and the bill reference', () => {
  pm.expect(c2b.status).to.eql('completed');
  pm.expect(c2b.amount).to.eql(1500);
  pm.expect(c2b.mpesa_receipt).to.eql(pm.collectionVariables.get('c2bTransId'));
  pm.expect(c2b.metadata.channel).to.eql('c2b');
  pm.expect(c2b.metadata.bill_reference).to.eql(pm.collectionVariables.get('c2bAccount') + '#INV42');
});
pm.test('answer has "amount":1500.00', () => pm.expect(pm.response.text()).to.include('"amount":1500.00'));
pm.collectionVariables.set('c2bReference', c2b.merchant_reference);`,
        'the C2B payment is listed',
      ),
    }),
    request('A partial M-Pesa refund is refused', 'POST', `${API}/payments/refund`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"reference": "{{c2bReference}}", "amount": 10.00, "reason": "Partial"}',
      test: `
${status(422)}
pm.test('problem+json naming the amount', () => {
  pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json');
  pm.expect(JSON.stringify(pm.response.json())).to.include('amount');
});`,
    }),
    request('Refund the KES 100 M-Pesa payment (reversal)', 'POST', `${API}/payments/refund`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"reference": "{{order123}}", "reason": "Out of stock"}',
      test: `
${status(201)}
pm.test('a pending refund of the whole amount', () => pm.expect(pm.response.json().status).to.eql('pending'));
${raw('"amount_refunded":100.00')}`,
    }),
    request('Wait until the payment is refunded', 'GET', `${API}/payments/transactions/{{order123}}`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.status === 'refunded'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('answer has "amount_refunded":100.00', () => pm.expect(pm.response.text()).to.include('"amount_refunded":100.00'));`,
        'the payment is refunded',
      ),
    }),
  ],
);

const TODAY = `
// today in East Africa Time (UTC+3), the settlement day
pm.collectionVariables.set('today', new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10));`;

const money = folder(
  "The day's money: balance, settlement, payout to M-Pesa, reconciliation",
  'README: "The day\'s money". The sandbox settles test money the day it is captured. Figures of this run\'s merchant: KES 100 + 2,500 + 1,500 taken, fees 96.50, refunds 1,100.',
  [
    request('Pay out to an M-Pesa number', 'PUT', `${API}/merchants/me/payout-destination`, {
      auth: 'access',
      body: { type: 'mpesa_phone', phone: '0708374149' },
      test: `
${status(200)}
const body = pm.response.json();
pm.test('stored, shown masked', () => {
  pm.expect(body.type).to.eql('mpesa_phone');
  pm.expect(body.display).to.eql('M-Pesa 2547•••••149');
  pm.expect(JSON.stringify(body)).to.not.include('708374149');
});`,
    }),
    request('The balance before settlement', 'GET', `${API}/balance`, {
      auth: 'apiKey',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('test mode, KES', () => {
  pm.expect(body.mode).to.eql('test');
  pm.expect(body.data.map((b) => b.currency)).to.eql(['KES']);
});
${raw('"pending":4003.50')}
${raw('"available":-1100.00')}
${raw('"in_payout":0.00')}`,
    }),
    request("An admin runs today's settlement", 'POST', `${API}/admin/settlements/run`, {
      auth: 'adminAccess',
      pre: TODAY,
      body: '{"date": "{{today}}"}',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('today, at least this merchant paying', () => {
  pm.expect(body.settlement_date).to.eql(pm.collectionVariables.get('today'));
  pm.expect(body.settlements).to.be.at.least(1);
  pm.expect(body.paying).to.be.at.least(1);
});`,
    }),
    request('Wait until the settlement is paid out', 'GET', `${API}/settlements?limit=1`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.data.length === 1 && body.data[0].status !== 'paying'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
const settlement = body.data[0];
pm.test('paid by B2C, five lines', () => {
  pm.expect(settlement.reference).to.match(/^STL/);
  pm.expect(settlement.status).to.eql('paid');
  pm.expect(settlement.line_count).to.eql(5);
  pm.expect(settlement.payout.status).to.eql('paid');
  pm.expect(settlement.payout.provider_receipt).to.be.a('string').and.not.empty;
});
for (const fragment of ['"gross":4100.00', '"fees":96.50', '"refunds":1100.00', '"net":2903.50', '"payout_amount":2903.00']) {
  pm.test('answer has ' + fragment, () => pm.expect(pm.response.text()).to.include(fragment));
}
pm.collectionVariables.set('settlement', settlement.reference);`,
        'the settlement has ended',
      ),
    }),
    request('The balance after the payout', 'GET', `${API}/balance`, {
      auth: 'apiKey',
      test: `
${status(200)}
${raw('"pending":0.00')}
${raw('"available":0.50')}
${raw('"in_payout":0.00')}`,
    }),
    request("The settlement's lines as CSV", 'GET', `${API}/settlements/{{settlement}}?format=csv`, {
      auth: 'apiKey',
      test: `
${status(200)}
pm.test('a header, a line per payment and refund, the total', () => {
  pm.expect(pm.response.headers.get('Content-Type')).to.include('text/csv');
  const rows = pm.response.text().trim().split(/\\r?\\n/);
  pm.expect(rows[0]).to.match(/^kind,reference,occurred_at,gross,fee,net/);
  pm.expect(rows[rows.length - 1]).to.match(new RegExp('^total,' + pm.collectionVariables.get('settlement')));
  pm.expect(rows.length).to.eql(7);
});`,
    }),
    request('Reconcile with Paystack for today', 'POST', `${API}/admin/reconciliation/runs`, {
      auth: 'adminAccess',
      pre: TODAY,
      body: '{"provider": "paystack", "date": "{{today}}"}',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('done', () => {
  pm.expect(body.provider).to.eql('paystack');
  pm.expect(body.date).to.eql(pm.collectionVariables.get('today'));
  pm.expect(body.status).to.eql('done');
});
// On a fresh gateway the items are [] (as the README shows). A gateway restarted today has lost its simulators'
// memory, so earlier payments of the day are "missing at the provider": only this run's card payment is checked.
pm.test("this run's card payment matched Paystack's record, nothing to review about it", () => {
  pm.expect(body.items.map((i) => i.our_reference)).to.not.include(pm.collectionVariables.get('order125Txn'));
  pm.expect(body.totals.find((t) => t.class === 'matched').count).to.be.at.least(1);
});`,
    }),
  ],
);

const webhooks = folder(
  'Webhooks',
  'README: "Webhooks". The gateway signs each event and POSTs it to the merchant\'s URL: hookUrl is a receiver the gateway can reach (node postman/webhook-receiver.js; bin/postman starts one), which the collection reads back to check the signatures. Then a delivery is replayed: the same event arrives again with a fresh signature.',
  [
    request("Set the merchant's webhook URL", 'PUT', `${API}/merchants/me/webhook`, {
      auth: 'apiKey',
      body: '{"url": "{{hookUrl}}/hook/{{run}}"}',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('the URL, no previous secret', () => {
  pm.expect(body.url).to.eql(pm.environment.get('hookUrl') + '/hook/' + pm.collectionVariables.get('run'));
  pm.expect(body.previous_secret_valid_until).to.be.null;
});`,
    }),
    request('Rotate the signing secret', 'POST', `${API}/merchants/me/webhook/rotate-secret`, {
      auth: 'apiKey',
      test: `
pm.test('status 200 or 201', () => pm.expect(pm.response.code).to.be.oneOf([200, 201]));
const body = pm.response.json();
pm.test('the secret, shown once', () => pm.expect(body.secret).to.match(/^whsec_/));
pm.collectionVariables.set('webhookSecret', body.secret);`,
    }),
    request('Initiate a payment that will be notified', 'POST', `${API}/payments/initiate`, {
      auth: 'apiKey',
      headers: idempotent,
      body: '{"amount": 100, "payment_method": "mpesa", "phone": "0712345678", "reference": "ORDER-{{run}}-200"}',
      test: `
${status(201)}
pm.test('pending', () => pm.expect(pm.response.json().status).to.eql('pending'));
pm.collectionVariables.set('order200Txn', pm.response.json().reference);`,
    }),
    request('Wait until the receiver has payment.completed', 'GET', '{{hookUrl}}/events?path=/hook/{{run}}', {
      pre: POLL_PAUSE,
      test: SIGNED + poll(
        "body.data.some((e) => JSON.parse(e.body).type === 'payment.completed' && JSON.parse(e.body).data.reference === pm.collectionVariables.get('order200Txn'))",
        `
const secret = pm.collectionVariables.get('webhookSecret');
const received = body.data.map((e) => Object.assign({ json: JSON.parse(e.body) }, e));
// every event of the merchant comes here: also a payout of the money folder whose result arrived since
const events = received.filter((e) => e.json.data && e.json.data.reference === pm.collectionVariables.get('order200Txn'));
pm.test('payment.initiated, then payment.completed, of this payment', () => {
  const types = events.map((e) => e.json.type);
  pm.expect(types).to.include('payment.initiated');
  pm.expect(types.indexOf('payment.initiated')).to.be.below(types.indexOf('payment.completed'));
});
pm.test('each signed with the secret: v1 = HMAC-SHA256(t + "." + body)', () => {
  received.forEach((e) => {
    pm.expect(signedWith(e, secret), e.signature).to.be.true;
    pm.expect(e.event_id).to.eql(e.json.id);
  });
});
const completed = events.find((e) => e.json.type === 'payment.completed');
pm.test('payment.completed carries the payment', () => {
  pm.expect(completed.json.id).to.match(/^evt_/);
  pm.expect(completed.json.data.status).to.eql('completed');
  pm.expect(completed.body).to.include('"amount":100.00');
});
pm.collectionVariables.set('completedEvent', completed.json.id);
pm.collectionVariables.set('completedSignature', completed.signature);`,
        'the receiver got payment.completed',
      ),
    }),
    request('The deliveries, newest first', 'GET', `${API}/webhooks/deliveries?limit=2`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.data.length > 0 && body.data[0].event_type === 'payment.completed' && body.data[0].status === 'delivered'",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
const latest = body.data[0];
pm.test('payment.completed delivered at the first attempt', () => {
  pm.expect(latest.id).to.match(/^whd_/);
  pm.expect(latest.event_type).to.eql('payment.completed');
  pm.expect(latest.status).to.eql('delivered');
  pm.expect(latest.attempts).to.eql(1);
});
pm.collectionVariables.set('delivery', latest.id);`,
        'the latest delivery is payment.completed, delivered',
      ),
    }),
    request('One delivery with its attempts', 'GET', `${API}/webhooks/deliveries/{{delivery}}`, {
      auth: 'apiKey',
      test: `
${status(200)}
const body = pm.response.json();
pm.test('its event and one attempt answered 204', () => {
  pm.expect(body.id).to.eql(pm.collectionVariables.get('delivery'));
  pm.expect(body.event_type).to.eql('payment.completed');
  pm.expect(JSON.stringify(body)).to.include(pm.collectionVariables.get('completedEvent'));
  pm.expect(body.attempts_log).to.have.length(1);
  pm.expect(body.attempts_log[0].status_code).to.eql(204);
});`,
    }),
    request('Replay the delivery', 'POST', `${API}/webhooks/deliveries/{{delivery}}/replay`, {
      auth: 'apiKey',
      test: `
pm.test('accepted', () => pm.expect(pm.response.code).to.be.oneOf([200, 201, 202]));`,
    }),
    request('Wait until the replay arrives', 'GET', '{{hookUrl}}/events?path=/hook/{{run}}', {
      pre: POLL_PAUSE,
      test: SIGNED + poll(
        "body.data.filter((e) => e.event_id === pm.collectionVariables.get('completedEvent')).length >= 2",
        `
const copies = body.data.filter((e) => e.event_id === pm.collectionVariables.get('completedEvent'));
pm.test('the same event, the same body, a valid fresh signature', () => {
  const [first, replay] = copies;
  pm.expect(replay.body).to.eql(first.body);
  pm.expect(signedWith(replay, pm.collectionVariables.get('webhookSecret')), replay.signature).to.be.true;
  pm.expect(signedAt(replay)).to.be.at.least(signedAt(first));
});`,
        'the replayed event arrived',
      ),
    }),
    request('The delivery after the replay', 'GET', `${API}/webhooks/deliveries/{{delivery}}`, {
      auth: 'apiKey',
      pre: POLL_PAUSE,
      test: poll(
        "body.status === 'delivered' && body.attempts === 2",
        `
pm.test('status 200', () => pm.response.to.have.status(200));
pm.test('two attempts, both answered 204', () =>
  pm.expect(body.attempts_log.map((a) => a.status_code)).to.eql([204, 204]));`,
        'the delivery is delivered again',
      ),
    }),
  ],
);

const collection = {
  info: {
    _postman_id: '5b0f7c1e-3d2a-4c55-9a61-0e7f4b6a2d11',
    name: 'OnPoint Pay',
    description:
      "The README's walk-throughs against a running OnPoint Pay sandbox (`./mvnw spring-boot:run` or the sandbox jar), in README order, with tests. Use the environment `postman/local.postman_environment.json` (baseUrl, hookUrl, the admin's login) and run the whole collection: each run registers its own merchant, so it runs again and again against the same gateway. `bin/postman` does it all: starts a sandbox gateway, an admin, a webhook receiver, and runs this collection with newman. Generated by postman/build-collection.js.",
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  },
  item: [mpesa, limits, card, c2b, money, webhooks],
  variable: [
    { key: 'ownerPassword', value: 'a long pass phrase' },
    { key: 'pollMax', value: '60' },
    { key: 'pollDelayMs', value: '500' },
    { key: 'tries', value: '0' },
  ],
};

const text = JSON.stringify(collection, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), OUT)} differs from what ${path.basename(__filename)} writes: run node ${path.relative(process.cwd(), __filename)}`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}
