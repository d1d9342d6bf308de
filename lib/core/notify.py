"""Sending a message out of Casebook: by email (SMTP) and to a Slack or Teams incoming webhook.

Settings come from the environment, else from `[notify]` in `.streamlit/secrets.toml` (the
same file the app reads), so a cron job and the app server share one configuration:

| Environment | secrets.toml `[notify]` | Meaning |
| --- | --- | --- |
| `CASEBOOK_SMTP_HOST` | `smtp_host` | the mail server; unset: no email |
| `CASEBOOK_SMTP_PORT` | `smtp_port` | default 587 (with STARTTLS), 25 without |
| `CASEBOOK_SMTP_USER`, `_PASSWORD` | `smtp_user`, `smtp_password` | sign-in, if asked |
| `CASEBOOK_SMTP_STARTTLS` | `smtp_starttls` | `yes` (default) or `no` |
| `CASEBOOK_SMTP_FROM` | `smtp_from` | the sender address |
| `CASEBOOK_SLACK_WEBHOOK` | `slack_webhook` | a Slack incoming-webhook URL |
| `CASEBOOK_TEAMS_WEBHOOK` | `teams_webhook` | a Microsoft Teams incoming-webhook URL |
| `CASEBOOK_OWNER_EMAILS` | `owner_emails` (a table) | `Pat Owner=pat@acme.com;...` |
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

TIMEOUT_SECONDS = 20


class NotifyError(Exception):
    """A message could not be sent, or the settings are wrong; the message says which."""


@dataclass(frozen=True)
class NotifySettings:
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = True
    smtp_from: str = ""
    slack_webhook: str = field(default="", repr=False)
    teams_webhook: str = field(default="", repr=False)
    owner_emails: dict[str, str] = field(default_factory=dict)

    @property
    def email(self) -> bool:
        return bool(self.smtp_host)

    @property
    def webhooks(self) -> dict[str, str]:
        """Chat channel -> URL, for each configured one."""
        found = {"Slack": self.slack_webhook, "Teams": self.teams_webhook}
        return {name: url for name, url in found.items() if url}

    @property
    def anything(self) -> bool:
        return self.email or bool(self.webhooks)

    def address_of(self, owner: str) -> str:
        """The owner's email: the owner field itself when it is one, else the mapping's."""
        if "@" in owner and " " not in owner.strip():
            return owner.strip()
        wanted = " ".join(owner.split()).casefold()
        for name, address in self.owner_emails.items():
            if " ".join(name.split()).casefold() == wanted:
                return address
        return ""


def _yes(value: str, name: str) -> bool:
    text = value.strip().casefold()
    if text in ("yes", "true", "1", "on"):
        return True
    if text in ("no", "false", "0", "off"):
        return False
    raise NotifyError(f"{name} must be yes or no, not {value!r}")


def _owner_map(value: Any, name: str) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): str(v).strip() for k, v in value.items()}
    found: dict[str, str] = {}
    for part in str(value or "").split(";"):
        if not part.strip():
            continue
        owner, sep, address = part.partition("=")
        if not sep or "@" not in address:
            raise NotifyError(f"{name}: {part.strip()!r} is not 'Owner name=owner@company.com'")
        found[owner.strip()] = address.strip()
    return found


def notify_settings(
    environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
) -> NotifySettings:
    """The settings from the environment, falling back to `[notify]` in the secrets."""
    env = os.environ if environ is None else environ
    if secrets is None:
        from lib.core.signin import read_secrets_files

        secrets = read_secrets_files()
    table = secrets.get("notify") or {}
    if not isinstance(table, Mapping):
        raise NotifyError("[notify] in secrets.toml must be a table")

    def get(key: str, default: Any = "") -> Any:
        value = env.get(f"CASEBOOK_{key.upper()}")
        return value if value not in (None, "") else table.get(key, default)

    starttls = get("smtp_starttls", "yes")
    starttls = starttls if isinstance(starttls, bool) else _yes(str(starttls), "smtp_starttls")
    port_text = str(get("smtp_port", "") or (587 if starttls else 25))
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise NotifyError(f"smtp_port must be a port number, not {port_text!r}")
    settings = NotifySettings(
        smtp_host=str(get("smtp_host")).strip(),
        smtp_port=int(port_text),
        smtp_user=str(get("smtp_user")).strip(),
        smtp_password=str(get("smtp_password")),
        smtp_starttls=starttls,
        smtp_from=str(get("smtp_from")).strip(),
        slack_webhook=str(get("slack_webhook")).strip(),
        teams_webhook=str(get("teams_webhook")).strip(),
        owner_emails=_owner_map(get("owner_emails", {}), "owner_emails"),
    )
    if settings.smtp_host and "@" not in settings.smtp_from:
        raise NotifyError("smtp_from (CASEBOOK_SMTP_FROM) must be the sender's email address")
    for name, url in settings.webhooks.items():
        if not url.startswith(("https://", "http://")):
            raise NotifyError(f"the {name} webhook must be an https:// URL")
    return settings


def send_email(settings: NotifySettings, to: str, subject: str, body: str) -> None:
    """One plain-text email through the configured server."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise NotifyError(
            f"email to {to} through {settings.smtp_host}:{settings.smtp_port} failed: {error}"
        ) from error


def webhook_payload(channel: str, title: str, body: str) -> dict[str, Any]:
    """Slack takes `text` (mrkdwn); Teams' incoming webhooks take a MessageCard."""
    if channel == "Teams":
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": title,
            "title": title,
            "text": body.replace("\n", "  \n"),  # Teams' Markdown needs two spaces per break
        }
    return {"text": f"*{title}*\n{body}"}


def post_webhook(channel: str, url: str, title: str, body: str) -> None:
    data = json.dumps(webhook_payload(channel, title, body)).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise NotifyError(f"the {channel} webhook answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        raise NotifyError(f"the {channel} webhook could not be reached: {error}") from error
    if not 200 <= status < 300:
        raise NotifyError(f"the {channel} webhook answered {status}")
