"""`recommend`: the use cases to bring to a call, ranked, with the reasons."""

from __future__ import annotations

import argparse
import json
import sys

from lib.callprep.candidates import load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.commands import CommandError
from lib.core import db
from lib.core.vocab import DEFAULT_TOP_N

NAME = "recommend"
HELP = "Rank the approved use cases for a prospect and say why."
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--industry", default="", help="the prospect's industry, e.g. Healthcare")
    parser.add_argument("--size", default="", help="company size, e.g. Mid-market")
    parser.add_argument(
        "--persona", action="append", default=[], help="a persona attending (repeatable)"
    )
    parser.add_argument("--pains", default="", help="the prospect's pains or notes, free text")
    parser.add_argument("--include", action="append", default=[], help="use case to always pick")
    parser.add_argument("--exclude", action="append", default=[], help="use case to leave out")
    parser.add_argument("--top", type=int, default=DEFAULT_TOP_N, help="how many picks (default 3)")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of text")


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError(f"--top must be at least 1, not {args.top}.")
    engine = db.make_engine()
    candidates = load_candidates(engine)
    prospect = Prospect(
        industry=args.industry,
        company_size=args.size,
        personas=tuple(args.persona),
        pains=args.pains,
        must_include=tuple(args.include),
        exclude=tuple(args.exclude),
    )
    from lib.deals.signal import win_signals  # reads deals only when recommending

    result = recommend(candidates, prospect, top=args.top, wins=win_signals(engine))
    if args.json:
        for message in result.messages:
            print(f"note: {message}", file=sys.stderr)
        print(json.dumps([p.as_dict() for p in result.picks], indent=2, ensure_ascii=False))
        return 0
    for message in result.messages:
        print(f"note: {message}")
    for n, p in enumerate(result.picks, 1):
        print(f"{n}. {p.id}  {p.title}  (score {p.score:.1f})")
        for reason in p.reasons:
            print(f"     - {reason}")
    return 0
