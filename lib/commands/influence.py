"""`influence [--json]`: the deals each use case and outcome was used in, and how they ended."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from lib.commands import CommandError
from lib.core import db
from lib.coverage import model as coverage_data
from lib.coverage.dismissals import dismissed_cells, load_dismissals
from lib.coverage.report import coverage_report, proof_gaps
from lib.deals.influence import MIN_SAMPLE
from lib.deals.report import as_json, as_text, asks, influence_report

NAME = "influence"
HELP = "Print what wins: deals each use case and outcome was used in, win rates, whom to ask."
ORDER = 65


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--min-sample",
        type=int,
        default=MIN_SAMPLE,
        help=f"closed deals needed before a win rate is given (default {MIN_SAMPLE})",
    )
    parser.add_argument("--top", type=int, default=20, help="rows per list (default 20)")


def run(args: argparse.Namespace) -> int:
    if args.min_sample < 1:
        raise CommandError(f"--min-sample must be at least 1, not {args.min_sample}")
    if args.top < 0:
        raise CommandError(f"--top must be 0 or more, not {args.top}")
    engine = db.make_engine()
    try:
        report = influence_report(engine, args.min_sample)
        data = coverage_data.load(engine)
        gaps = (
            proof_gaps(
                coverage_report(
                    data, dt.date.today(), dismissed=dismissed_cells(load_dismissals(engine))
                )
            )
            if not data.empty and not report.empty
            else []
        )
        found = asks(engine, gaps)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(as_json(report, found), indent=2, default=str))
    else:
        print(as_text(report, found, args.top))
    return 0
