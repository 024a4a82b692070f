#!/usr/bin/env python3
"""Merchant webhook receiver for bench/fanout.sh: answers every POST with 204 and counts event ids.

GET /stats -> {"received": n, "unique": n, "first": t, "last": t} (times in seconds since the epoch).
Usage: python3 bench/webhook-receiver.py PORT
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
seen = {}
first = last = None


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global first, last
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        event_id = self.headers.get("X-OnPoint-Event-Id") or "?"
        now = time.time()
        with lock:
            seen[event_id] = seen.get(event_id, 0) + 1
            first = first or now
            last = now
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            stats = {"received": sum(seen.values()), "unique": len(seen), "first": first, "last": last}
        body = json.dumps(stats).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver)
    server.daemon_threads = True
    server.serve_forever()
