"""`doctor`: check sign-in, the database and the access list, and say plainly what is wrong."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.core import access, db
from lib.core.signin import SECRETS_FILES, provider_problems, read_secrets_files, sign_in

NAME = "doctor"
HELP = "Check the sign-in settings, the database and the access list; exit 1 if anything is wrong."
ORDER = 90


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--offline", action="store_true", help="do not contact the sign-in provider"
    )
    parser.add_argument(
        "--secrets",
        type=Path,
        action="append",
        metavar="FILE",
        help="the secrets.toml to check (default: .streamlit/secrets.toml here, then in your "
        "home folder, as Streamlit reads them)",
    )


def run(args: argparse.Namespace) -> int:
    problems: list[str] = []
    files = tuple(args.secrets) if args.secrets else SECRETS_FILES
    try:
        secrets = read_secrets_files(files)
    except ValueError as error:
        secrets = {}
        problems.append(str(error))
    settings = sign_in(secrets)
    if settings.configured:
        print("Sign-in: configured (team mode), from " + " or ".join(str(p) for p in files))
        problems.extend(settings.problems)
        if not settings.problems and not args.offline:
            problems.extend(provider_problems(secrets))
    else:
        print("Sign-in: not configured (local mode: no sign-in, names typed in the sidebar)")

    engine = None
    try:
        engine = db.make_engine()
        print(f"Database: {db.describe(db.database_url())}, revision {db.revision(engine)}")
    except db.DatabaseUnavailable as error:
        problems.append(f"the database cannot be used: {error}")

    if engine is not None:
        admins = access.admins(engine)
        rules = access.rules(engine)
        print(
            f"Access list: {len(rules)} entries; admins: {', '.join(admins) or 'none'}; "
            f"everyone else signed in: {access.default_role(engine)}"
        )
        if settings.configured and not admins:
            problems.append(
                "nobody is an admin: grant one with python -m lib access grant EMAIL admin"
            )
        engine.dispose()

    for problem in problems:
        print(f"problem: {problem}")
    print("All good." if not problems else f"{len(problems)} problem(s) found.")
    return 1 if problems else 0
