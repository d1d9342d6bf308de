"""`template FILE`: an empty library workbook to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.commands.export import write_xlsx
from lib.workbook import template_workbook

NAME = "template"
HELP = "Write an empty library workbook with a Read me sheet, dropdowns and column notes."
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="where to write the .xlsx template")


def run(args: argparse.Namespace) -> int:
    write_xlsx(args.file, template_workbook())
    print(f"Wrote an empty library template to {args.file}; fill it in and import it.")
    return 0
