"""The command line, one module per command.

Each module in this package defines `NAME`, `HELP`, `add_arguments(parser)` and
`run(args) -> int`; they are found here by name, so adding a command is adding a file.
Bad input is reported on stderr as one plain message with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from sqlalchemy.exc import OperationalError

from lib.core.db import DatabaseUnavailable


class CommandError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


def _commands() -> list[ModuleType]:
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: getattr(m, "ORDER", 100))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib",
        description="Casebook: the use-case and customer-outcome library. "
        "Reads DATABASE_URL (default: data/library.db).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _commands():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CommandError, DatabaseUnavailable) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except OperationalError as problem:  # the database went away or is locked mid-command
        print(f"error: the database could not be used: {problem.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
