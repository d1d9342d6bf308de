"""`access`: list, grant and revoke who may use a team's Casebook."""

from __future__ import annotations

import argparse
import os

from lib.commands import CommandError
from lib.core import access, db
from lib.core.signin import read_secrets_files, sign_in

NAME = "access"
HELP = "List, grant or revoke access (an email or an @domain and its role: rep, marketing, admin)."
ORDER = 80


def add_acting(parser: argparse.ArgumentParser, help: str) -> None:
    """`--as EMAIL` (`args.acting`): whom a command acts as when sign-in decides who may do
    what; CASEBOOK_USER when not given."""
    parser.add_argument(
        "--as",
        dest="acting",
        default=os.environ.get("CASEBOOK_USER", ""),
        metavar="EMAIL",
        help=help,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_acting(parser, "act as this admin (default: CASEBOOK_USER); the first admin needs none")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("list", help="show the access list and the default role")
    grant = sub.add_parser("grant", help="give an email or @domain a role")
    grant.add_argument("who", metavar="EMAIL_OR_DOMAIN")
    grant.add_argument("role", metavar="ROLE", help="rep, marketing or admin")
    revoke = sub.add_parser("revoke", help="take an email or @domain off the list")
    revoke.add_argument("who", metavar="EMAIL_OR_DOMAIN")
    default = sub.add_parser("default", help="the role of signed-in people not on the list")
    default.add_argument("role", metavar="ROLE", help="none, rep, marketing or admin")


def team_mode() -> bool:
    try:
        return sign_in(read_secrets_files()).configured
    except ValueError as error:
        raise CommandError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    engine = db.make_engine()
    try:
        if args.action == "list":
            rules = access.rules(engine)
            if not rules:
                print(
                    "The access list is empty. Grant the first admin: "
                    "python -m lib access grant you@company.com admin"
                )
            for rule in rules:
                print(f"{rule.pattern:<40} {rule.role:<10} granted by {rule.granted_by or '-'}")
            print(f"Everyone else signed in: {access.default_role(engine)}")
            return 0
        actor = None
        if args.acting or access.admins(engine):
            actor = access.acting_as(
                engine, args.acting, team_mode=team_mode() or bool(access.admins(engine))
            )
        if args.action == "grant":
            print(access.grant(engine, actor, args.who, args.role))
        elif args.action == "revoke":
            if actor is None:
                raise CommandError("there is no admin yet: grant the first admin first")
            print(access.revoke(engine, actor, args.who))
        else:
            if actor is None:
                raise CommandError("there is no admin yet: grant the first admin first")
            print(access.set_default_role(engine, actor, args.role))
        return 0
    except (access.AccessError, access.NotAllowed) as problem:
        raise CommandError(str(problem)) from None
    finally:
        engine.dispose()
