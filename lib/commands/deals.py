"""`deals import FILE`: bring in a Salesforce opportunity report or a HubSpot deals export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib.commands import CommandError
from lib.commands.access import add_acting, team_mode
from lib.core import access, db
from lib.deals.formats import FormatError, parse_mapping
from lib.deals.importing import DealImportError, import_deals
from lib.deals.parsing import parse_date_format
from lib.deals.reading import ExportFileError, read_bytes

NAME = "deals"
HELP = "Import CRM deals: a Salesforce opportunity report or HubSpot deals export (.xlsx/.csv)."
ORDER = 25
SHOWN_IDS = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="check the whole export, then upsert its deals by id (nothing written on error)",
        description="Check the whole export, then upsert its deals by id. Every bad cell is "
        "reported with its row, column and value, and then nothing is written.",
    )
    imp.add_argument("file", type=Path, help="the export, .xlsx or .csv")
    imp.add_argument("--dry-run", action="store_true", help="check only: say what would change")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="the column holding a field, for other CRMs or renamed columns "
        "(repeatable, e.g. --map 'Stage=Phase' --map 'id=Deal number')",
    )
    imp.add_argument(
        "--date-format",
        default=None,
        help="how the export writes dates when the file does not settle it: DMY (31/12/2026), "
        "MDY (12/31/2026), YMD, or a pattern such as %%d/%%m/%%Y",
    )
    add_acting(
        imp,
        "with sign-in configured: import as this person on the access list (default: "
        "CASEBOOK_USER); importing needs the marketing role",
    )


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def run(args: argparse.Namespace) -> int:
    try:
        mapping = parse_mapping(args.map)
        date_format = parse_date_format(args.date_format) if args.date_format else None
        data = read_bytes(args.file)
    except (FormatError, ExportFileError, ValueError) as error:
        raise CommandError(str(error)) from None
    engine = db.make_engine()
    try:
        actor = access.acting_as(engine, args.acting, team_mode=team_mode())
        result = import_deals(
            engine,
            data,
            args.file.name,
            actor=actor,
            dry_run=args.dry_run,
            mapping=mapping,
            date_format=date_format,
        )
    except DealImportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CommandError(str(error)) from None
    except (access.AccessError, access.NotAllowed) as error:
        raise CommandError(f"{error}; nothing was imported") from None
    finally:
        engine.dispose()
    for note in result.notes:
        print(f"note: {note}")
    if args.dry_run:
        print(f"Dry run: nothing was written. {result.summary()}")
    else:
        print(result.summary())
    if result.added:
        print(f"  added: {_ids(result.added)}")
    if result.changed:
        print(f"  changed: {_ids(result.changed)}")
    return 0
