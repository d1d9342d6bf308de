"""`export FILE`: the whole library as one workbook in the import format."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.commands import CommandError
from lib.core import db
from lib.core.summary import library_counts
from lib.workbook import export_workbook

NAME = "export"
HELP = "Write the whole library to an Excel workbook (.xlsx) that imports back unchanged."
ORDER = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write the .xlsx workbook")


def check_destination(path: Path) -> None:
    """Refuse, before any work, a name Excel would not open as a workbook or a missing folder."""
    if path.suffix.lower() != ".xlsx":
        raise CommandError(f"{path.name}: the file name must end in .xlsx")
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent} is not a folder")


def write_xlsx(path: Path, data: bytes) -> None:
    """Write workbook bytes to a checked destination."""
    check_destination(path)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"{path} could not be written: {error.strerror}") from None


def run(args: argparse.Namespace) -> int:
    check_destination(args.file)  # a big library takes seconds to build: fail first
    from lib.workbook.exporting import TooLongForExport

    engine = db.make_engine()
    try:
        data = export_workbook(engine)
        counts = library_counts(engine)
    except TooLongForExport as error:
        raise CommandError(str(error)) from None
    finally:
        engine.dispose()
    write_xlsx(args.file, data)
    print(f"Exported {counts.describe()} to {args.file}.")
    return 0
