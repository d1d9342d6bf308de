"""`python -m lib digest`: each owner's due work, by email to a local SMTP server and to a
chat webhook on loopback; `--dry-run` prints and sends nothing."""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
import threading
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from lib.commands import main
from lib.core.notify import NotifyError, notify_settings
from tests.builders import library, outcome, uc

TODAY = dt.date(2026, 12, 2)
OLD = TODAY - dt.timedelta(days=200)
SETTINGS = (
    "CASEBOOK_SMTP_HOST",
    "CASEBOOK_SMTP_PORT",
    "CASEBOOK_SMTP_FROM",
    "CASEBOOK_SMTP_STARTTLS",
    "CASEBOOK_SMTP_USER",
    "CASEBOOK_SLACK_WEBHOOK",
    "CASEBOOK_TEAMS_WEBHOOK",
    "CASEBOOK_OWNER_EMAILS",
)


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:  # the Controller checks its server by connecting to the port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def webhook() -> Iterator[tuple[list[dict[str, Any]], str]]:
    posts: list[dict[str, Any]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            posts.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            self.send_response(500 if self.path == "/broken" else 200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield posts, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("lib.core.signin.SECRETS_FILES", ())
    return monkeypatch


@pytest.fixture
def owners(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[
            uc("UC-1", "Pay an invoice", owner="pat@acme.com", last_reviewed=OLD),
            uc("UC-2", "Ship an order", owner="Lee Ward", last_reviewed=TODAY),
            uc("UC-3", "Old one", owner="Lee Ward", last_reviewed=OLD, status="retired"),
            uc("UC-4", "Fresh", owner="Sam", last_reviewed=TODAY),
        ],
        outcomes=[
            outcome(
                "O-1",
                "UC-2",
                customer="Northbank",
                permission="public",
                permission_expires=TODAY + dt.timedelta(days=10),
            ),
            outcome(
                "O-2",
                "UC-2",
                customer="Lakeshore",
                permission="anonymized",
                permission_expires=TODAY - dt.timedelta(days=3),
            ),
        ],
    )


def _digest(*extra: str) -> int:
    return main(["digest", "--date", TODAY.isoformat(), *extra])


def test_dry_run_prints_each_owners_digest_and_sends_nothing(
    owners: Engine, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _digest("--dry-run") == 0
    out = capsys.readouterr().out
    assert "=== pat@acme.com: would send to nowhere" in out
    assert "UC-1 Pay an invoice (last reviewed 200 days ago)" in out
    assert "Northbank (O-1, UC-2): public until 2026-12-12, 10 days left" in out
    assert "Lakeshore (O-2, UC-2): expired 2026-11-29" in out
    assert "UC-3" not in out  # retired: never due
    assert "=== Sam" not in out  # nothing due


def test_digests_go_by_email_to_each_owner(
    owners: Engine,
    clean_env: pytest.MonkeyPatch,
    smtp: tuple[Inbox, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, port = smtp
    clean_env.setenv("CASEBOOK_SMTP_HOST", "127.0.0.1")
    clean_env.setenv("CASEBOOK_SMTP_PORT", str(port))
    clean_env.setenv("CASEBOOK_SMTP_STARTTLS", "no")
    clean_env.setenv("CASEBOOK_SMTP_FROM", "casebook@acme.com")
    clean_env.setenv("CASEBOOK_OWNER_EMAILS", "Lee Ward=lee@acme.com")
    assert _digest() == 0
    got = {tuple(to): message for to, message in inbox.messages}
    assert set(got) == {("pat@acme.com",), ("lee@acme.com",)}
    lee = got[("lee@acme.com",)]
    assert lee["Subject"] == "Casebook: 1 permissions ending soon, 1 permissions expired"
    assert lee["From"] == "casebook@acme.com"
    assert "Northbank (O-1, UC-2)" in lee.get_payload()
    assert "UC-1" not in lee.get_payload()
    assert "2 message(s) sent for 2 owner(s)" in capsys.readouterr().out


def test_to_sends_one_owners_digest_and_names_an_unknown_owner(
    owners: Engine,
    clean_env: pytest.MonkeyPatch,
    webhook: tuple[list[dict[str, Any]], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    posts, base = webhook
    clean_env.setenv("CASEBOOK_SLACK_WEBHOOK", f"{base}/slack")
    clean_env.setenv("CASEBOOK_TEAMS_WEBHOOK", f"{base}/teams")
    assert _digest("--to", "lee ward") == 0
    by_path = {p["path"]: p["body"] for p in posts}
    assert set(by_path) == {"/slack", "/teams"}
    assert "Northbank" in by_path["/slack"]["text"]
    assert by_path["/teams"]["@type"] == "MessageCard"
    assert "(Lee Ward)" in by_path["/teams"]["title"]
    assert all("UC-1" not in json.dumps(p["body"]) for p in posts)

    assert _digest("--to", "Nobody") == 1
    assert "no use case has the owner 'Nobody'" in capsys.readouterr().err


def test_a_failed_delivery_is_reported_with_exit_status_1(
    owners: Engine,
    clean_env: pytest.MonkeyPatch,
    webhook: tuple[list[dict[str, Any]], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _posts, base = webhook
    clean_env.setenv("CASEBOOK_SLACK_WEBHOOK", f"{base}/broken")
    assert _digest("--to", "pat@acme.com") == 1
    assert "the Slack webhook answered 500" in capsys.readouterr().err


def test_nothing_configured_is_refused_unless_dry_run(
    owners: Engine, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _digest() == 1
    assert "nowhere to send the digest" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CASEBOOK_SMTP_HOST": "mail", "CASEBOOK_SMTP_FROM": "x"}, "sender's email address"),
        ({"CASEBOOK_SMTP_PORT": "mail"}, "must be a port number"),
        ({"CASEBOOK_SMTP_STARTTLS": "maybe"}, "must be yes or no"),
        ({"CASEBOOK_OWNER_EMAILS": "Lee Ward"}, "is not 'Owner name=owner@company.com'"),
        ({"CASEBOOK_SLACK_WEBHOOK": "hooks.slack.com/x"}, "must be an https:// URL"),
    ],
)
def test_bad_settings_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(NotifyError, match=message):
        notify_settings(environ, {})


def test_settings_fall_back_to_the_secrets_file() -> None:
    secrets = {
        "notify": {
            "smtp_host": "mail.acme.com",
            "smtp_from": "cb@acme.com",
            "owner_emails": {"Lee Ward": "lee@acme.com"},
        }
    }
    settings = notify_settings({"CASEBOOK_SMTP_PORT": "2525"}, secrets)
    assert (settings.smtp_host, settings.smtp_port) == ("mail.acme.com", 2525)
    assert settings.address_of("lee  ward") == "lee@acme.com"
    assert settings.address_of("pat@acme.com") == "pat@acme.com"
