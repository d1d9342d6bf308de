"""`pack`: write a call-prep pack (PDF, Word, Markdown) or the question sheet (xlsx)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from lib.callprep.candidates import load_candidates
from lib.callprep.packs import FORMATS, PackError, build_pack, log_generation, render
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import understand
from lib.commands import CommandError
from lib.core import db
from lib.core.fatigue import resting_customers
from lib.core.usage import UsageError, clean_deal_id
from lib.core.vocab import LOCAL_USER

NAME = "pack"
HELP = "Write the one-page call-prep pack, or the discovery-question sheet (xlsx)."
ORDER = 41


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--use-case", action="append", default=[], required=True, help="use case id (repeatable)"
    )
    parser.add_argument("--prospect", required=True, help="the prospect's company name")
    parser.add_argument("--industry", default="")
    parser.add_argument("--size", default="")
    parser.add_argument("--persona", action="append", default=[], help="persona attending")
    parser.add_argument("--objective", default="", help="what the call should achieve")
    parser.add_argument("--date", default="", help="call date, YYYY-MM-DD (default today)")
    parser.add_argument("--paper", choices=("Letter", "A4"), default="Letter")
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        required=True,
        help="pdf, docx or md for the pack; xlsx (or questions-pdf) for the question sheet",
    )
    parser.add_argument("-o", "--output", required=True, help="file to write")
    parser.add_argument("--deal", default="", help="the CRM deal id, recorded in the usage log")


def run(args: argparse.Namespace) -> int:
    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as problem:
        raise CommandError(f"--date must look like 2026-11-24, not '{args.date}'.") from problem
    output = Path(args.output)
    if output.is_dir():
        raise CommandError(f"-o must name a file, not the folder {output}.")
    if not output.parent.is_dir():
        raise CommandError(f"The folder for -o does not exist: {output.parent}")
    try:
        deal_id = clean_deal_id(args.deal)
    except UsageError as problem:
        raise CommandError(f"--deal: {problem}") from problem
    engine = db.make_engine()
    prospect = Prospect(
        company=args.prospect,
        industry=args.industry,
        company_size=args.size,
        personas=tuple(args.persona),
        objective=args.objective,
        date=day,
    )
    candidates = load_candidates(engine, only=args.use_case)
    try:
        pack = build_pack(candidates, prospect, args.use_case, resting=resting_customers(engine))
        result = render(pack, args.format, args.paper)
        output.write_bytes(result.data)
    except PackError as problem:
        raise CommandError(str(problem)) from problem
    except OSError as problem:
        raise CommandError(f"Could not write {output}: {problem.strerror or problem}") from None
    who = os.environ.get("CASEBOOK_USER") or LOCAL_USER
    log_generation(engine, pack, args.format, who=who, deal_id=deal_id)
    for message in understand(candidates, prospect).messages:
        print(f"note: {message} The pack shows only names the library knows.", file=sys.stderr)
    print(f"wrote {output} ({len(result.data):,} bytes; suggested name {result.file_name})")
    return 0
