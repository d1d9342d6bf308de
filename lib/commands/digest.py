"""`digest [--dry-run] [--to OWNER]`: each owner's stale use cases and permissions, sent out."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from lib.commands import CommandError

NAME = "digest"
HELP = (
    "Send each owner their stale use cases and expiring or expired permissions "
    "(email and/or Slack or Teams webhook); run it from cron or CI."
)
ORDER = 65


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-07") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be sent, send nothing"
    )
    parser.add_argument("--to", metavar="OWNER", help="only this owner's digest (name or email)")
    parser.add_argument(
        "--date", type=_day, default=None, help="as on this day (YYYY-MM-DD)"
    )


def run(args: argparse.Namespace) -> int:
    from lib.core import db
    from lib.core.notify import NotifyError, notify_settings, post_webhook, send_email
    from lib.coverage import model
    from lib.coverage.digest import known_owners, owner_digests

    today = args.date or dt.date.today()
    try:
        settings = notify_settings()
    except NotifyError as problem:
        raise CommandError(str(problem)) from problem
    if not args.dry_run and not settings.anything:
        raise CommandError(
            "nowhere to send the digest: set CASEBOOK_SMTP_HOST (and CASEBOOK_SMTP_FROM) or "
            "CASEBOOK_SLACK_WEBHOOK / CASEBOOK_TEAMS_WEBHOOK, or try --dry-run"
        )
    engine = db.make_engine()
    try:
        data = model.load(engine)
    finally:
        engine.dispose()
    if args.to is not None:
        owners = known_owners(data)
        wanted = " ".join(args.to.split()).casefold()
        if wanted not in {o.casefold() for o in owners}:
            raise CommandError(
                f"no use case has the owner {args.to!r} (owners: {', '.join(owners) or 'none'})"
            )
    digests = owner_digests(data, today, owner=args.to)
    if not digests:
        print(f"Nothing to send on {today:%Y-%m-%d}: no owner has anything due.")
        return 0

    failures: list[str] = []
    sent = 0
    for digest in digests:
        body = digest.text(today)
        title = f"{digest.subject} ({digest.owner})"
        targets: list[tuple[str, str]] = []  # (channel, address or URL)
        if settings.email:
            address = settings.address_of(digest.owner)
            if address:
                targets.append(("email", address))
            else:
                failures.append(
                    f"{digest.owner}: no email address; name them as an email in the Owner "
                    "column or map them in CASEBOOK_OWNER_EMAILS"
                )
        targets += list(settings.webhooks.items())
        if args.dry_run:
            where = ", ".join(
                f"email {t}" if channel == "email" else f"{channel} webhook"
                for channel, t in targets
            )
            print(f"=== {digest.owner}: would send to {where or 'nowhere (nothing configured)'}")
            print(f"Subject: {digest.subject}")
            print(body)
            continue
        for channel, target in targets:
            try:
                if channel == "email":
                    send_email(settings, target, digest.subject, body)
                else:
                    post_webhook(channel, target, title, body)
            except NotifyError as problem:
                failures.append(f"{digest.owner}: {problem}")
            else:
                sent += 1
                shown = target if channel == "email" else f"the {channel} webhook"
                print(f"sent {digest.owner}'s digest to {shown}")
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if not args.dry_run:
        print(f"{sent} message(s) sent for {len(digests)} owner(s).")
    return 1 if failures and not args.dry_run else 0
