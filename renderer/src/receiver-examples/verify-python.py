# Python 3: python3 verify-python.py (secret in CALYPSO_WEBHOOK_SECRET, port in PORT).
import hashlib
import hmac
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("CALYPSO_WEBHOOK_SECRET", "").encode()
if not SECRET:
    raise SystemExit("Set CALYPSO_WEBHOOK_SECRET to the secret key of the subscription")


def is_signed_by_calypso(raw_body, sign):
    expected = hmac.new(SECRET, raw_body, hashlib.sha512).hexdigest()
    return hmac.compare_digest(expected.encode(), (sign or "").lower().encode())


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        # Verify the raw bytes: parsing and re-serialising the JSON would change the signature.
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not is_signed_by_calypso(raw_body, self.headers.get("Sign")):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(raw_body)
        # self.headers["Key"] names the subscription; handle `event` here, then answer 200.
        print(f"event {event.get('id')} for {self.headers.get('Key')}", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"OK")


HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "3000"))), Receiver).serve_forever()
