#!/usr/bin/env node
// A webhook receiver for the Postman collection: the gateway POSTs its signed events here, the collection reads
// back what arrived (GET /events?path=/hook/<run>) and checks each signature with the secret it was shown.
//
//   node postman/webhook-receiver.js [PORT]        (default 9000, as the README's receiver; 127.0.0.1 only)
//
// POST <any path>  → 204; keeps {path, event_id, signature, body (raw text), received_at}, the last 1000.
// GET /events[?path=P] → {"data":[…]} oldest first, those POSTed to path P only when given.
// GET /health → 200.
'use strict';
const http = require('http');

const port = Number(process.argv[2] || process.env.HOOK_PORT || 9000);
const received = [];
const MAX = 1000;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://receiver');
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: url.pathname,
        event_id: req.headers['x-onpoint-event-id'] || null,
        signature: req.headers['x-onpoint-signature'] || null,
        body: Buffer.concat(chunks).toString('utf8'),
        received_at: new Date().toISOString(),
      });
      if (received.length > MAX) received.shift();
      res.writeHead(204).end();
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/events') {
    const path = url.searchParams.get('path');
    const data = path ? received.filter((e) => e.path === path) : received;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data }));
    return;
  }
  if (req.method === 'GET' && url.pathname === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
