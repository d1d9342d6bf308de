"""Import: first a plan (read, check, compare with the library; writes nothing), then apply it.

The plan is what the Manage page previews and what `--dry-run` prints. Applying it is one
transaction: rows are inserted and updated in bulk by id, links replaced in bulk, a change
record written per use case, and the library revision bumped; on any error nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine, delete, literal_column, select

from lib.core import db
from lib.core.models import ChangeRecord, LibraryState
from lib.core.vocab import LOCAL_USER
from lib.workbook import bulk, sheets
from lib.workbook.problems import Problem, WorkbookError
from lib.workbook.reading import read_sheets
from lib.workbook.stored import (
    LINKS,
    Record,
    blank,
    load_ids,
    load_records,
    load_segment_kinds,
    stored_columns,
    table,
)
from lib.workbook.validation import Known, ParsedSheet, check_references, parse_sheet

Progress = Callable[[float, str], None]
ID_CHUNK = 900  # ids per IN (...) list, under every database's bound-parameter limit


@dataclass
class SheetChanges:
    """What an import does to one sheet, as lists of ids."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def describe(self, *, removals: bool = False) -> str:
        parts = [
            f"{len(self.added):,} added",
            f"{len(self.changed):,} changed",
            f"{len(self.unchanged):,} unchanged",
        ]
        if removals or self.removed:
            parts.append(f"{len(self.removed):,} removed")
        return ", ".join(parts)


@dataclass
class ImportPlan:
    """Everything an import would do, worked out without writing anything."""

    filename: str
    problems: list[Problem]
    changes: dict[str, SheetChanges]
    replace: bool
    # sheet -> id -> column -> (old, new), for the changed records
    differences: dict[str, dict[str, dict[str, tuple[Any, Any]]]] = field(default_factory=dict)
    # sheet -> header names in the file that are not library columns (ignored)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    # what was read differently from the file, or is worth knowing (hidden sheets, ...)
    notes: list[str] = field(default_factory=list)
    revision: int = 0
    sheets: dict[str, ParsedSheet] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return any(c.added or c.changed or c.removed for c in self.changes.values())

    def summary(self) -> list[str]:
        """One line per sheet: `Use cases: 3 added, 1 changed, 40 unchanged`."""
        return [f"{name}: {c.describe(removals=self.replace)}" for name, c in self.changes.items()]


@dataclass
class ImportResult:
    filename: str
    changes: dict[str, SheetChanges]
    revision: int

    def summary(self) -> list[str]:
        return [f"{name}: {c.describe()}" for name, c in self.changes.items()]


def plan_import(
    engine: Engine,
    source: Path | bytes | BinaryIO,
    filename: str,
    *,
    replace: bool = False,
) -> ImportPlan:
    """Read and check `source` against itself and the library; writes nothing.

    Raises `WorkbookError` when the file as a whole cannot be read.
    """
    with bulk.collector_paused():
        return _plan(engine, source, filename, replace=replace)


def _plan(
    engine: Engine, source: Path | bytes | BinaryIO, filename: str, *, replace: bool
) -> ImportPlan:
    raw_sheets = read_sheets(source, filename)
    problems: list[Problem] = []
    parsed: dict[str, ParsedSheet] = {}
    for raw in raw_sheets:
        sheet, found = parse_sheet(raw, filename)
        parsed[raw.spec.name] = sheet
        problems.extend(found)

    with engine.connect() as conn:
        revision = conn.scalar(select(LibraryState.revision).where(LibraryState.id == 1)) or 0
        existing = {name: load_records(conn, sheets.BY_NAME[name]) for name in parsed}
        known = _known(conn, parsed, existing, replace=replace)
        problems.extend(check_references(parsed, known, filename, replace=replace))
        plan = ImportPlan(
            filename=filename,
            problems=_in_sheet_order(problems, parsed),
            changes={},
            replace=replace,
            ignored_columns={n: p.ignored for n, p in parsed.items() if p.ignored},
            notes=[note for sheet in parsed.values() for note in sheet.notes],
            revision=revision,
            sheets=parsed,
        )
        for name, sheet in parsed.items():
            plan.changes[name], plan.differences[name] = _compare(
                sheet, existing[name], replace=replace
            )
        if replace:
            _add_cascades(conn, plan)
    return plan


def _known(
    conn: Connection,
    parsed: dict[str, ParsedSheet],
    existing: dict[str, dict[str, Record]],
    *,
    replace: bool,
) -> Known:
    targets = {f.ref for sheet in parsed.values() for f in sheet.spec.fields if f.ref}
    ids: dict[str, set[str]] = {}
    for target in targets:
        in_file = set(parsed[target].records) if target in parsed else set()
        if replace and target in parsed:
            ids[target] = in_file
        elif target in existing:
            ids[target] = in_file | set(existing[target])
        else:
            ids[target] = in_file | load_ids(conn, sheets.BY_NAME[target])
    kinds: dict[str, str] = {}
    if "Segments" in targets:
        if not (replace and "Segments" in parsed):
            kinds = load_segment_kinds(conn)
        if "Segments" in parsed:
            kinds.update({uid: r.get("kind", "") for uid, r in parsed["Segments"].records.items()})
    return Known(ids, kinds)


def _compare(
    sheet: ParsedSheet, existing: dict[str, Record], *, replace: bool
) -> tuple[SheetChanges, dict[str, dict[str, tuple[Any, Any]]]]:
    changes = SheetChanges()
    differences: dict[str, dict[str, tuple[Any, Any]]] = {}
    columns = [c for c in sheet.columns if c != "id"]
    for uid, record in sheet.records.items():
        old = existing.get(uid)
        if old is None:
            changes.added.append(uid)
            continue
        diff = {c: (old[c], record[c]) for c in columns if c in record and record[c] != old[c]}
        if diff:
            changes.changed.append(uid)
            differences[uid] = diff
        else:
            changes.unchanged.append(uid)
    if replace:
        changes.removed = [uid for uid in existing if uid not in sheet.records]
    return changes, differences


def _add_cascades(conn: Connection, plan: ImportPlan) -> None:
    """Records of sheets not in the file that go with a use case --replace removes."""
    removed = plan.changes.get(sheets.USE_CASES.name, SheetChanges()).removed
    if not removed:
        return
    for spec in (sheets.BENEFITS, sheets.OUTCOMES, sheets.QUESTIONS):
        if spec.name in plan.changes:
            continue
        t = table(spec)
        ids: list[str] = []
        for chunk in _chunks(removed, ID_CHUNK):
            ids.extend(conn.scalars(select(t.c.id).where(t.c.use_case_id.in_(chunk))))
        if ids:
            plan.changes[spec.name] = SheetChanges(removed=sorted(ids))


def _in_sheet_order(problems: list[Problem], parsed: dict[str, ParsedSheet]) -> list[Problem]:
    """Sheet by sheet, row by row, left to right: the order a person fixes them in."""
    order = {sheet.title: i for i, sheet in enumerate(parsed.values())}
    columns = {
        sheet.title: {n: i for i, n in enumerate(sheet.spec.columns)} for sheet in parsed.values()
    }
    return sorted(
        problems,
        key=lambda p: (
            order.get(p.sheet, len(order)),
            p.row or 0,
            columns.get(p.sheet, {}).get(p.column or "", -1),
        ),
    )


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_import(
    engine: Engine, plan: ImportPlan, *, who: str, progress: Progress | None = None
) -> ImportResult:
    """Write the plan in one transaction; refuses a plan with problems or a stale plan.

    A plan that changes nothing writes nothing (the revision stays), so re-importing the same
    file leaves the database exactly as it was.
    """
    if not plan.ok:
        raise WorkbookError(
            f"{plan.filename} has {len(plan.problems)} problem(s); nothing was imported"
        )
    report = progress or (lambda _fraction, _message: None)
    if not plan.has_changes:
        report(1.0, "nothing to change")
        return ImportResult(plan.filename, plan.changes, plan.revision)
    total = sum(len(c.added) + len(c.changed) + len(c.removed) for c in plan.changes.values()) or 1
    done = 0
    now = dt.datetime.now()

    def step(count: int, message: str) -> None:
        nonlocal done
        done += count
        report(min(done / total, 1.0), message)

    with bulk.collector_paused(), db.unit_of_work(engine) as session:
        conn = session.connection()
        current = conn.scalar(select(LibraryState.revision).where(LibraryState.id == 1)) or 0
        if current != plan.revision:
            raise WorkbookError(
                f"the library changed after {plan.filename} was checked; check it again"
            )
        for spec in reversed(sheets.SHEETS):
            removed = plan.changes.get(spec.name, SheetChanges()).removed
            t = table(spec)
            for chunk in _chunks(removed, ID_CHUNK):
                conn.execute(delete(t).where(t.c.id.in_(chunk)))
                step(len(chunk), f"{spec.name}: removing")
        for spec in sheets.SHEETS:
            sheet = plan.sheets.get(spec.name)
            if sheet is None:
                continue
            changes = plan.changes[spec.name]
            _write_rows(conn, spec, sheet, changes, who, now, step)
            if spec is sheets.USE_CASES:
                _relink(conn, sheet, changes, plan.differences.get(spec.name, {}))
        _record_changes(conn, plan, who, now)
        db.bump_revision(session)
        revision = current + 1
    report(1.0, "done")
    return ImportResult(plan.filename, plan.changes, revision)


def _write_rows(
    conn: Connection,
    spec: sheets.Sheet,
    sheet: ParsedSheet,
    changes: SheetChanges,
    who: str,
    now: dt.datetime,
    step: Callable[[int, str], None],
) -> None:
    """Insert the added records and update the changed ones, in bulk, column by column.

    Columns the file leaves out get their blank value on new records and are left alone on
    existing ones. Use cases also get who and when, and a changed one a new version.
    """
    t = table(spec)
    stamped = spec is sheets.USE_CASES
    if changes.added:
        ids = changes.added
        records = [sheet.records[uid] for uid in ids]
        columns: dict[str, list[Any]] = {}
        for name in stored_columns(spec):
            if name in sheet.columns:
                columns[name] = [r[name] for r in records]
            else:
                empty = blank(spec, name)
                columns[name] = [list(empty) if isinstance(empty, list) else empty for _ in ids]
        if stamped:
            columns.update(version=[1] * len(ids), updated_by=[who] * len(ids))
            columns["updated_at"] = [now] * len(ids)
        bulk.insert_columns(conn, t, columns, lambda n: step(n, f"{spec.name}: adding"))
    if changes.changed:
        ids = changes.changed
        present = [c for c in stored_columns(spec) if c in sheet.columns]
        columns = bulk.as_columns([sheet.records[uid] for uid in ids], present)
        also = {}
        if stamped:
            columns.update(updated_by=[who] * len(ids), updated_at=[now] * len(ids))
            also = {"version": t.c.version + literal_column("1")}
        bulk.update_columns(
            conn, t, "id", columns, also, lambda n: step(n, f"{spec.name}: updating")
        )


def _relink(
    conn: Connection,
    sheet: ParsedSheet,
    changes: SheetChanges,
    differences: dict[str, dict[str, tuple[Any, Any]]],
) -> None:
    """Replace the industry/company size/persona links of added and changed use cases."""
    for name, (link, other) in LINKS.items():
        if name not in sheet.columns:
            continue
        relinked = [uid for uid in changes.changed if name in differences.get(uid, {})]
        for chunk in _chunks(relinked, ID_CHUNK):
            conn.execute(delete(link).where(link.c.use_case_id.in_(chunk)))
        owners: list[str] = []
        linked: list[str] = []
        for uid in (*changes.added, *relinked):
            for oid in sheet.records[uid][name]:
                owners.append(uid)
                linked.append(oid)
        bulk.insert_columns(conn, link, {"use_case_id": owners, other: linked})


def _record_changes(conn: Connection, plan: ImportPlan, who: str, now: dt.datetime) -> None:
    changes = plan.changes.get(sheets.USE_CASES.name)
    if changes is None:
        return
    differences = plan.differences.get(sheets.USE_CASES.name, {})
    source = Path(plan.filename).name
    ids = [*changes.added, *changes.changed, *changes.removed]
    summaries = (
        [f"added from {source}"] * len(changes.added)
        + [f"changed {', '.join(differences[uid])} from {source}" for uid in changes.changed]
        + [f"removed: not in {source}"] * len(changes.removed)
    )
    n = len(ids)
    bulk.insert_columns(
        conn,
        ChangeRecord.__table__,  # type: ignore[arg-type]
        {
            "at": [now] * n,
            "who": [who] * n,
            "entity": ["use_case"] * n,
            "entity_id": ids,
            "action": ["import"] * n,
            "summary": summaries,
        },
    )


def import_file(
    engine: Engine,
    path: Path | str,
    *,
    replace: bool = False,
    dry_run: bool = False,
    who: str = LOCAL_USER,
    progress: Progress | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    """Plan and, unless it has problems or this is a dry run, apply an import of `path`."""
    path = Path(path)
    plan = plan_import(engine, path, path.name, replace=replace)
    if dry_run or not plan.ok:
        return plan, None
    return plan, apply_import(engine, plan, who=who, progress=progress)
