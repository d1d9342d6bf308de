"""`import FILE`: load a workbook (.xlsx) or one sheet as CSV into the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from lib.commands import CommandError
from lib.commands.access import add_acting, team_mode
from lib.core import access, approvals, db
from lib.core.vocab import LOCAL_USER
from lib.workbook import (
    ImportPlan,
    UnlinkRefused,
    WorkbookError,
    apply_import,
    held_changes,
    held_summary,
    plan_import,
)

NAME = "import"
HELP = (
    "Import a library workbook (.xlsx) or one sheet as CSV (e.g. outcomes.csv); records are "
    "updated by id. Every problem is listed and nothing is written unless the file is clean."
)
ORDER = 20
SHOW_IDS = 10
PROGRESS_FROM = 5_000  # records written: smaller imports finish before a progress line helps


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the .xlsx workbook or .csv sheet to import")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and show what would be added, changed and removed; write nothing",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="also remove records that are missing from the sheets in the file",
    )
    parser.add_argument(
        "--allow-unlink",
        action="store_true",
        help="with --replace: go ahead even if approved use cases are left with no industry, "
        "company size or persona (the dry run lists them)",
    )
    parser.add_argument("--who", default=LOCAL_USER, help="name for the change history")
    add_acting(
        parser,
        "with sign-in configured: import as this person on the access list (default: "
        "CASEBOOK_USER); importing needs marketing, a --replace that removes records an admin",
    )


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.is_dir():
        raise CommandError(
            f"{path} is a folder, not a spreadsheet; name the .xlsx or .csv file inside it"
        )
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    engine = db.make_engine()
    try:
        try:
            plan = plan_import(engine, path, path.name, replace=args.replace)
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        if not plan.ok:
            for problem in plan.problems:
                print(problem, file=sys.stderr)
            count = len(plan.problems)
            print(
                f"{count} problem{'s' if count != 1 else ''} in {path.name}; nothing was imported.",
                file=sys.stderr,
            )
            return 1
        _print_ignored(plan)
        if args.dry_run:
            print(f"Dry run of {path.name}: nothing was written. The import would make:")
            for line in _details(plan):
                print(line)
            if team_mode() and approvals.second_person_required(engine, team_mode=True):
                for line in held_summary(held_changes(plan)):
                    print(f"  {line}")
            if plan.needs_unlink_confirmation and not args.allow_unlink:
                print(
                    "The import would be refused: approved use cases would be left with no "
                    "industry, company size or persona. Add what they need to the file, or "
                    "import with --allow-unlink."
                )
            return 0
        writes = sum(len(c.added) + len(c.changed) + len(c.removed) for c in plan.changes.values())
        progress = _progress_line if writes >= PROGRESS_FROM else None
        try:
            who: str | access.Actor = args.who
            if team_mode():
                who = access.acting_as(engine, args.acting, team_mode=True)
            result = apply_import(
                engine, plan, who=who, progress=progress, allow_unlink=args.allow_unlink
            )
        except (access.AccessError, access.NotAllowed) as error:
            raise CommandError(f"{error}; nothing was imported") from None
        except UnlinkRefused as error:
            for line in _unlink_lines(plan):
                print(line, file=sys.stderr)
            raise CommandError(f"{error}. To go ahead, import again with --allow-unlink") from None
        except WorkbookError as error:
            raise CommandError(str(error)) from None
        finally:
            if progress:
                print(file=sys.stderr)
        print(f"Imported {path.name} (library revision {result.revision}):")
        for line in result.summary():
            print(f"  {line}")
    finally:
        engine.dispose()
    return 0


def _progress_line(fraction: float, message: str) -> None:
    print(f"\r{fraction:4.0%} {message:<40}", end="", file=sys.stderr, flush=True)


def _print_ignored(plan: ImportPlan) -> None:
    for sheet, columns in plan.ignored_columns.items():
        print(f"note: {sheet}: ignored columns {', '.join(columns)}", file=sys.stderr)
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:SHOW_IDS])
    return shown + (f" and {len(ids) - SHOW_IDS} more" if len(ids) > SHOW_IDS else "")


def _details(plan: ImportPlan) -> list[str]:
    lines = []
    for sheet, changes in plan.changes.items():
        lines.append(f"  {sheet}: {changes.describe(removals=plan.replace)}")
        if changes.added:
            lines.append(f"    add: {_ids(changes.added)}")
        differences = plan.differences.get(sheet, {})
        for uid in changes.changed[:SHOW_IDS]:
            lines.append(f"    change {uid}: {', '.join(differences.get(uid, {}))}")
        if len(changes.changed) > SHOW_IDS:
            lines.append(f"    ... and {len(changes.changed) - SHOW_IDS} more changed")
        if changes.removed:
            lines.append(f"    remove: {_ids(changes.removed)}")
    lines.extend(_unlink_lines(plan))
    return lines


def _unlink_lines(plan: ImportPlan) -> list[str]:
    """Every record that loses a link to something the replace removes, one per line."""
    if not plan.unlinks:
        return []
    lines = ["  Kept, but losing links to removed records:"]
    lines += [f"    {u.describe()}" for u in plan.unlinks]
    return lines
