"""`link`: the Call prep URL for a deal, for scripts and CRM workflow tools."""

from __future__ import annotations

import argparse
import os
import sys

from lib.commands import CommandError

NAME = "link"
HELP = "Print the Call prep link for a CRM deal (opportunity id, company, head count, titles)."
ORDER = 42
BASE_URL_ENV = "CASEBOOK_BASE_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        default=os.environ.get(BASE_URL_ENV, ""),
        help=f"where Casebook is served, e.g. https://casebook.example.com (or {BASE_URL_ENV})",
    )
    parser.add_argument("--opp", default="", help="the CRM's opportunity or deal id")
    parser.add_argument("--company", default="", help="the account's name")
    parser.add_argument("--industry", default="", help="the industry as the CRM says it")
    parser.add_argument("--employees", default="", help="the account's head count, e.g. 420")
    parser.add_argument(
        "--title", action="append", default=[], help="a contact's job title (repeatable)"
    )
    parser.add_argument("--pains", default="", help="pains or notes, free text")
    parser.add_argument(
        "--check",
        action="store_true",
        help="also say (on stderr) which values the library would not understand",
    )


def run(args: argparse.Namespace) -> int:
    from lib.callprep.deal_link import call_prep_url, parse_employees

    if not args.base_url:
        raise CommandError(
            f"give --base-url (or set {BASE_URL_ENV}), e.g. https://casebook.example.com"
        )
    if args.employees.strip() and parse_employees(args.employees) is None:
        raise CommandError(f"--employees must be a whole number like 420, not {args.employees!r}")
    try:
        url = call_prep_url(
            args.base_url,
            opp=args.opp,
            company=args.company,
            industry=args.industry,
            employees=args.employees,
            titles=args.title,
            pains=args.pains,
        )
    except ValueError as problem:
        raise CommandError(f"--base-url: {problem}") from problem
    print(url)
    if args.check:
        _check(args)
    return 0


def _check(args: argparse.Namespace) -> None:
    """Notes on what Call prep will show as not understood, so a workflow can be fixed."""
    from lib.callprep.candidates import load_candidates
    from lib.callprep.deal_link import understand_link
    from lib.callprep.prospect import Prospect
    from lib.callprep.recommend import understand
    from lib.core import db

    candidates = load_candidates(db.make_engine())
    profile = understand_link(candidates, args.employees, args.title)
    notes = [problem.message for problem in profile.not_understood]
    notes += understand(candidates, Prospect(industry=args.industry)).messages
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
