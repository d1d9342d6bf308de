"""`check-safe FILE...`: does a file about to go out name a customer it may not name?"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from lib.commands import CommandError
from lib.core import db
from lib.core.file_checks import read_path
from lib.core.reads import read_library

NAME = "check-safe"
HELP = (
    "Check .docx, .pptx, .pdf, .xlsx, .md, .txt or .eml files for customers they may not name "
    "(exit 1 when one is found, 2 when a file could not be read)."
)
ORDER = 45

FOUND = 1
UNREADABLE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the files to check")
    parser.add_argument(
        "--date", type=dt.date.fromisoformat, default=None, help="check as of this day (ISO)"
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(args: argparse.Namespace) -> int:
    from lib.outgoing import check_files, report

    files = [
        (path.name, read_path(path, str(path), None, CommandError,
                              folder="; name the files in it", verb="read"))
        for path in args.files
    ]  # fmt: skip
    outcomes = read_library(db.make_engine()).all_outcomes
    checks = check_files(files, outcomes, args.date)
    if args.json:
        print(json.dumps([
            {"file": c.name, "problem": c.problem, "findings": [
                {"customer": f.customer, "where": f.where, "written": f.written, "why": f.why}
                for f in c.findings
            ]}
            for c in checks
        ], indent=2, ensure_ascii=False))  # fmt: skip
    else:
        for c in checks:
            for line in report(c):
                print(line, file=sys.stderr if c.problem else sys.stdout)
    if any(c.findings for c in checks):
        return FOUND
    return UNREADABLE if any(c.problem for c in checks) else 0
