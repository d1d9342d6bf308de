"""A stand-in OpenID discovery document on loopback, for the sign-in screen's provider check."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Discovery(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        body = json.dumps(
            {"issuer": base, "authorization_endpoint": f"{base}/oauth2/authorize"}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@contextmanager
def discovery_server() -> Iterator[str]:
    """Serve a discovery document; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/openid-configuration"
    finally:
        server.shutdown()
        server.server_close()


def auth_secrets(metadata_url: str, **overrides: object) -> dict[str, object]:
    auth: dict[str, object] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-long-random-test-secret",
        "client_id": "casebook",
        "client_secret": "secret",
        "server_metadata_url": metadata_url,
    }
    auth.update(overrides)
    return {k: v for k, v in auth.items() if v is not None}
