"""The command line, one module per command.

Each module in this package defines `NAME`, `HELP`, `add_arguments(parser)` and
`run(args) -> int`; they are found here by name, so adding a command is adding a file.
Bad input is reported on stderr as one plain message with a non-zero exit, never a traceback.

Start-up is kept short: the list of commands is read from each module's `NAME`, `HELP` and
`ORDER` constants in its source, and only the command being run is imported (with pandas,
fpdf, python-docx, ... as it needs them). `python -m lib --help` imports none of them.
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


class CommandError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


@dataclass(frozen=True)
class Command:
    """A command as the top-level help lists it, read without importing its module."""

    module: str
    name: str
    help: str
    order: int

    def load(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")


def _constants(path: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("NAME", "HELP", "ORDER"):
                found[target.id] = ast.literal_eval(node.value)
    return found


@functools.cache
def commands() -> tuple[Command, ...]:
    """Every command module in this folder, in the order `--help` lists them (read once per
    process: the start-up and the parser both ask)."""
    found = []
    for path in Path(__file__).parent.glob("*.py"):
        if path.name.startswith("_"):
            continue
        constants = _constants(path)
        found.append(
            Command(
                path.stem,
                str(constants["NAME"]),
                str(constants["HELP"]),
                int(constants.get("ORDER", 100)),  # type: ignore[call-overload]
            )
        )
    return tuple(sorted(found, key=lambda c: (c.order, c.name)))


def _chosen(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


def load_chosen(argv: Sequence[str]) -> ModuleType | None:
    """Import the module of the command `argv` names, if any, ahead of parsing: `python -m lib`
    loads it while the garbage collector is off (`lib/__main__.py`)."""
    chosen = _chosen(argv)
    command = next((c for c in commands() if c.name == chosen), None)
    return command.load() if command else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the command named in `argv` is imported to add its arguments.

    Without `argv`, every command's arguments are added (each module imported).
    """
    chosen = _chosen(argv) if argv is not None else None
    parser = argparse.ArgumentParser(
        prog="python -m lib",
        description="Casebook: the use-case and customer-outcome library. "
        "Reads DATABASE_URL (default: data/library.db).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in commands():
        parsed = sub.add_parser(command.name, help=command.help, description=command.help)
        if argv is None or command.name == chosen:
            module = command.load()
            module.add_arguments(parsed)
            parsed.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    from sqlalchemy.exc import OperationalError

    from lib.core.db import DatabaseUnavailable

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
