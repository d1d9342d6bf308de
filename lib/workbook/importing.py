"""Import: first a plan (read, check, compare with the library; writes nothing), then apply it.

The plan is what the Manage page previews and what `--dry-run` prints. Applying it is one
transaction: rows are inserted and updated in bulk by id, links replaced in bulk, a change
record written per use case, and the library revision bumped; on any error nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine, delete, literal_column, select, update

from lib.core import approvals, db, digests, size_ranges
from lib.core.access import Actor, acting
from lib.core.changes import Entry as HistoryEntry
from lib.core.changes import record as record_history
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
# Use-case links an approved use case must keep at least one of (what reps are matched on).
REQUIRED_LINKS = {
    "industries": "an industry",
    "company_sizes": "a company size",
    "personas": "a persona",
}
SHOW_IDS = 10


@dataclass(frozen=True)
class Unlink:
    """A record --replace keeps but that loses what it names, because the file drops it.

    `left` is what a use case still links to in that column afterwards (empty for the single
    references of benefits, questions and outcomes, which become blank).
    """

    sheet: str
    id: str
    column: str
    lost: tuple[str, ...]
    left: tuple[str, ...] = ()
    use_case_id: str | None = None  # the use case whose history records it
    approved: bool = False

    @property
    def strands(self) -> bool:
        """An approved use case left with no industry, company size or persona at all."""
        return self.approved and self.column in REQUIRED_LINKS and not self.left

    def describe(self) -> str:
        noun = {"Use cases": "use case", "Benefits": "benefit", "Questions": "question"}.get(
            self.sheet, "outcome"
        )
        text = f"{noun} {self.id} loses {self.column} {', '.join(self.lost)}"
        if self.column in REQUIRED_LINKS:
            text += f" (left: {', '.join(self.left) or 'none'})"
        if self.strands:
            text += f"; approved, it would be left without {REQUIRED_LINKS[self.column]}"
        return text


class UnlinkRefused(WorkbookError):
    """A replace would leave approved use cases without an industry, size or persona."""

    def __init__(self, plan: ImportPlan) -> None:
        stranded = sorted({u.id for u in plan.unlinks if u.strands})
        shown = ", ".join(stranded[:SHOW_IDS])
        more = f" and {len(stranded) - SHOW_IDS} more" if len(stranded) > SHOW_IDS else ""
        super().__init__(
            f"removing what {plan.filename} does not list would leave {len(stranded)} approved use "
            f"case(s) with no industry, company size or persona ({shown}{more}); nothing was "
            "imported. Add the missing segments or personas to the file, or confirm that these "
            "links should go"
        )
        self.use_case_ids = stranded


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
    # records --replace keeps that lose a link or reference to something it removes
    unlinks: list[Unlink] = field(default_factory=list)
    revision: int = 0
    sheets: dict[str, ParsedSheet] = field(default_factory=dict, repr=False)
    # sheet -> id -> the digest of each record as applying the plan leaves it
    digests: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    # sheet -> the digest of its XML part, for parts scanned clean that the library does not
    # know yet: the next import of the same part skips unpacking and scanning it
    clean_parts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def needs_unlink_confirmation(self) -> bool:
        """True when applying would leave approved use cases without a segment or persona."""
        return any(u.strands for u in self.unlinks)

    @property
    def has_changes(self) -> bool:
        return any(c.added or c.changed or c.removed for c in self.changes.values())

    def summary(self) -> list[str]:
        """One line per sheet: `Use cases: 3 added, 1 changed, 40 unchanged`."""
        lines = [f"{name}: {c.describe(removals=self.replace)}" for name, c in self.changes.items()]
        return lines + unlink_summary(self.unlinks)


@dataclass
class ImportResult:
    filename: str
    changes: dict[str, SheetChanges]
    revision: int
    unlinks: list[Unlink] = field(default_factory=list)
    # changes written as requests for a second person's approval instead (team mode)
    held: list[approvals.Held] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = [f"{name}: {c.describe()}" for name, c in self.changes.items()]
        return lines + unlink_summary(self.unlinks) + held_summary(self.held)


# The sheets and columns whose approving values wait for a second person in team mode, and
# what a new record holds meanwhile (the same as the editor: a draft, not shared).
HELD_COLUMNS = (
    (sheets.USE_CASES.name, "use_case", "status", "draft"),
    (sheets.OUTCOMES.name, "outcome", "permission", "internal"),
)


def held_changes(plan: ImportPlan) -> list[approvals.Held]:
    """What this import would ask a second person to approve, in team mode: a use case made
    `approved`, an outcome made `public` or `anonymized` (the rule of `approvals.is_held`)."""
    found: list[approvals.Held] = []
    source = Path(plan.filename).name
    for name, entity, column, fallback in HELD_COLUMNS:
        sheet = plan.sheets.get(name)
        if sheet is None or column not in sheet.columns:
            continue
        changes = plan.changes.get(name) or SheetChanges()
        for uid in changes.added:
            new = sheet.records[uid][column]
            if approvals.is_held(entity, None, new):
                summary = f"{column} {new}, added from {source}"
                found.append(approvals.Held(entity, uid, new, fallback, summary))
        differences = plan.differences.get(name, {})
        for uid in changes.changed:
            if column not in differences.get(uid, {}):
                continue
            old, new = differences[uid][column]
            if approvals.is_held(entity, old, new):
                summary = f"{column} {old} → {new}, from {source}"
                found.append(approvals.Held(entity, uid, new, old, summary))
    return found


def held_summary(held: list[approvals.Held]) -> list[str]:
    """One line per change that waits for a second person's approval."""
    if not held:
        return []
    return (
        [f"Waiting for a second person's approval: {len(held):,} change(s)"]
        + [f"  {h.describe}" for h in held[:SHOW_IDS]]
        + ([f"  ... and {len(held) - SHOW_IDS:,} more"] if len(held) > SHOW_IDS else [])
    )


def _without_held(plan: ImportPlan, held: list[approvals.Held]) -> ImportPlan:
    """The plan as written when `held` wait for approval: those records keep their stored
    value (a new one its fallback), and a record whose only change waits is not changed."""
    if not held:
        return plan
    sheets_ = dict(plan.sheets)
    changes_ = dict(plan.changes)
    differences_ = dict(plan.differences)
    for name, entity, column, _ in HELD_COLUMNS:
        mine = {h.entity_id: h for h in held if h.entity == entity}
        if not mine:
            continue
        sheet = sheets_[name]
        records = dict(sheet.records)
        for uid, h in mine.items():
            records[uid] = {**records[uid], column: h.kept}
        sheets_[name] = replace(sheet, records=records, by_column={})
        diffs = {
            uid: {c: v for c, v in d.items() if not (uid in mine and c == column)}
            for uid, d in differences_.get(name, {}).items()
        }
        differences_[name] = {uid: d for uid, d in diffs.items() if d}
        before = changes_[name]
        changes_[name] = replace(
            before, changed=[uid for uid in before.changed if uid in differences_[name]]
        )
    return replace(plan, sheets=sheets_, changes=changes_, differences=differences_)


def unlink_summary(unlinks: list[Unlink]) -> list[str]:
    """One line counting, by sheet, the records that lose links (none when nothing does)."""
    if not unlinks:
        return []
    by_sheet: dict[str, set[str]] = {}
    for u in unlinks:
        by_sheet.setdefault(u.sheet, set()).add(u.id)
    lost = ", ".join(f"{len(ids):,} {sheet.lower()}" for sheet, ids in by_sheet.items())
    return [f"Kept but losing links to removed records: {lost}"]


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
    with bulk.collector_paused(settle_as_old=True):
        return _plan(engine, source, filename, replace=replace)


def _plan(
    engine: Engine, source: Path | bytes | BinaryIO, filename: str, *, replace: bool
) -> ImportPlan:
    with engine.connect() as conn:
        clean = digests.load(conn, digests.SHEET_PARTS)
    raw_sheets = read_sheets(source, filename, clean)
    clean_parts = {
        raw.spec.name: raw.clean_part
        for raw in raw_sheets
        if raw.clean_part is not None and clean.get(raw.spec.name) != raw.clean_part
    }
    problems: list[Problem] = []
    parsed: dict[str, ParsedSheet] = {}
    raw_sheets.reverse()
    library_ids: dict[str, set[str]] = {}
    with engine.connect() as conn:
        revision = db.revision_in(conn)
        while raw_sheets:  # each sheet's cells are let go of as soon as they are parsed
            raw = raw_sheets.pop()
            ids, unchanged = digests.ids_and_digests(conn, table(raw.spec))
            sheet, found = parse_sheet(raw, filename, unchanged)
            parsed[raw.spec.name] = sheet
            library_ids[raw.spec.name] = ids
            problems.extend(found)
            del raw, unchanged

        existing = {name: _stored(conn, sheet, library_ids[name]) for name, sheet in parsed.items()}
        known = _known(conn, parsed, existing, replace=replace)
        _read_unchanged_references(conn, parsed, existing, known)
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
            clean_parts=clean_parts,
        )
        for name, sheet in parsed.items():
            plan.changes[name], plan.differences[name] = _compare(
                sheet, existing[name], replace=replace
            )
            plan.digests[name] = existing[name].to_store(sheet, plan.changes[name])
        if replace:
            _add_cascades(conn, plan)
            plan.unlinks = _unlinks(conn, plan)
        if "Segments" in parsed:
            plan.problems.extend(_kind_changes(conn, plan, filename))
            segment_changes = plan.changes.get("Segments", SheetChanges())
            if segment_changes.added or segment_changes.changed:  # else the ranges stand
                plan.problems.extend(_head_count_problems(conn, plan, filename))
            plan.problems = _in_sheet_order(plan.problems, parsed)
    return plan


def _head_count_problems(conn: Connection, plan: ImportPlan, filename: str) -> list[Problem]:
    """Head-count ranges of the segments as they would be after the import (the library's
    kept rows with the file's on top), reported on the file's rows: the rule in
    `core.size_ranges`. Segments are few, so the library's are read whole."""
    segments = plan.sheets["Segments"]
    existing = {} if plan.replace else load_records(conn, sheets.SEGMENTS)
    unreadable = {  # a cell already reported is not judged again as a range
        p.row
        for p in plan.problems
        if p.sheet == segments.title and p.column in ("min_employees", "max_employees")
    }
    merged = dict(existing)
    for sid, record in segments.records.items():
        if segments.rows[sid] in unreadable:
            merged.pop(sid, None)
            continue
        merged[sid] = {**merged.get(sid, {}), **record}
    problems = size_ranges.range_problems(
        {
            sid: (r.get("kind", ""), r.get("min_employees"), r.get("max_employees"))
            for sid, r in merged.items()
        }
    )
    return [
        Problem(filename, segments.title, segments.rows[p.segment], p.column, p.value, p.message)
        for p in problems
        if p.segment in segments.rows
    ]


def _kept(plan: ImportPlan, sheet: str, column: str) -> Callable[[str], bool]:
    """Whether a library record of `sheet` keeps its stored `column` through this import.

    It does unless it is removed, or the file gives it a new value (which was checked).
    """
    parsed = plan.sheets.get(sheet)
    removed = set(plan.changes.get(sheet, SheetChanges()).removed)
    in_file = parsed.ids() if parsed and column in parsed.columns else set()
    return lambda uid: uid not in removed and uid not in in_file


def _unlinks(conn: Connection, plan: ImportPlan) -> list[Unlink]:
    """Every record --replace keeps that loses a segment or persona it names."""
    gone = {
        "Segments": set(plan.changes.get("Segments", SheetChanges()).removed),
        "Personas": set(plan.changes.get("Personas", SheetChanges()).removed),
    }
    if not gone["Segments"] and not gone["Personas"]:
        return []
    found: list[Unlink] = []
    uc = table(sheets.USE_CASES)
    status = dict(conn.execute(select(uc.c.id, uc.c.status)).all())
    new_status = plan.sheets.get("Use cases")
    for name, (link, other) in LINKS.items():
        target = "Personas" if name == "personas" else "Segments"
        if not gone[target]:
            continue
        kept = _kept(plan, "Use cases", name)
        linked: dict[str, list[str]] = {}
        for uid, oid in conn.execute(
            select(link.c.use_case_id, link.c[other]).order_by(link.c.use_case_id, link.c[other])
        ):
            if kept(uid):
                linked.setdefault(uid, []).append(oid)
        for uid, ids in linked.items():
            lost = tuple(i for i in ids if i in gone[target])
            if not lost:
                continue
            record = new_status.records.get(uid) if new_status else None
            state = record.get("status", status.get(uid)) if record else status.get(uid)
            left = tuple(i for i in ids if i not in gone[target])
            found.append(
                Unlink("Use cases", uid, name, lost, left, uid, approved=state == "approved")
            )
    for spec, column, target in (
        (sheets.BENEFITS, "persona_id", "Personas"),
        (sheets.QUESTIONS, "persona_id", "Personas"),
        (sheets.OUTCOMES, "industry", "Segments"),
        (sheets.OUTCOMES, "company_size", "Segments"),
    ):
        if not gone[target]:
            continue
        t = table(spec)
        kept = _kept(plan, spec.name, column)
        for chunk in _chunks(sorted(gone[target]), ID_CHUNK):
            for rid, value, owner in conn.execute(
                select(t.c.id, t.c[column], t.c.use_case_id)
                .where(t.c[column].in_(chunk))
                .order_by(t.c.id)
            ):
                if kept(rid):
                    found.append(Unlink(spec.name, rid, column, (value,), (), owner))
    return found


def _kind_changes(conn: Connection, plan: ImportPlan, filename: str) -> list[Problem]:
    """Segments whose kind the file changes while the library still uses the old kind."""
    differences = plan.differences.get("Segments", {})
    flips = {sid: diff["kind"] for sid, diff in differences.items() if "kind" in diff}
    if not flips:
        return []
    segments = plan.sheets["Segments"]
    problems = []
    for sid, (old, new) in flips.items():
        uses: list[str] = []
        column = "industries" if old == "industry" else "company_sizes"
        if column in LINKS:
            link, other = LINKS[column]
            kept = _kept(plan, "Use cases", column)
            users = [
                uid
                for uid in conn.scalars(
                    select(link.c.use_case_id)
                    .where(link.c[other] == sid)
                    .order_by(link.c.use_case_id)
                )
                if kept(uid)
            ]
            if users:
                uses.append(f"{len(users)} use case(s) ({_few(users)})")
        t = table(sheets.OUTCOMES)
        kept = _kept(plan, "Outcomes", old)
        outcomes = [
            rid
            for rid in conn.scalars(select(t.c.id).where(t.c[old] == sid).order_by(t.c.id))
            if kept(rid)
        ]
        if outcomes:
            uses.append(f"{len(outcomes)} outcome(s) ({_few(outcomes)})")
        if uses:
            used_as = "an industry" if old == "industry" else "a company size"
            problems.append(
                Problem(
                    filename,
                    segments.title,
                    segments.rows[sid],
                    "kind",
                    new,
                    f"{sid!r} is used as {used_as} by {' and '.join(uses)}; changing its kind "
                    "would break those links. "
                    "Move them to another segment first, or add a new segment of this kind",
                )
            )
    return problems


def _few(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:SHOW_IDS])
    return shown + (f" and {len(ids) - SHOW_IDS} more" if len(ids) > SHOW_IDS else "")


def _known(
    conn: Connection,
    parsed: dict[str, ParsedSheet],
    existing: dict[str, Stored],
    *,
    replace: bool,
) -> Known:
    targets = {f.ref for sheet in parsed.values() for f in sheet.spec.fields if f.ref}
    ids: dict[str, set[str]] = {}
    for target in targets:
        in_file = parsed[target].ids() if target in parsed else set()
        if replace and target in parsed:
            ids[target] = in_file
        elif target in existing:
            ids[target] = in_file | existing[target].ids
        else:
            ids[target] = in_file | load_ids(conn, sheets.BY_NAME[target])
    kinds: dict[str, str] = {}
    if "Segments" in targets:
        if not (replace and "Segments" in parsed):
            kinds = load_segment_kinds(conn)
        if "Segments" in parsed:
            kinds.update({uid: r.get("kind", "") for uid, r in parsed["Segments"].records.items()})
    return Known(ids, kinds)


@dataclass
class Stored:
    """What the library holds for one sheet, read only as far as the file needs.

    Rows found unchanged by their digest (`ParsedSheet.same`) are neither loaded nor compared;
    the library records named by the other rows are loaded (all of them when they are many)
    and compared.
    """

    spec: sheets.Sheet
    ids: set[str]
    records: dict[str, Record]  # the library records that must be compared with the file

    def to_store(self, sheet: ParsedSheet, changes: SheetChanges) -> dict[str, str]:
        """Row digests to keep if the plan is applied: of every record read from the file that
        has one (added, changed, and unchanged ones read in full, so the next import skips
        them). Added and changed records without one lose any they had."""
        return {
            uid: sheet.digests[uid]
            for uid in (*changes.added, *changes.changed, *changes.unchanged)
            if uid in sheet.digests
        }


def _stored(conn: Connection, sheet: ParsedSheet, ids: set[str] | None = None) -> Stored:
    """The library's side of one sheet; `ids`: its record ids, when already read."""
    spec = sheet.spec
    ids = load_ids(conn, spec) if ids is None else ids
    compare = [uid for uid in sheet.records if uid in ids and uid not in sheet.same]
    if len(compare) > len(ids) // 3:
        records = load_records(conn, spec)
    else:
        records = load_records(conn, spec, compare)
    return Stored(spec, ids, records)


def _read_unchanged_references(
    conn: Connection, parsed: dict[str, ParsedSheet], existing: dict[str, Stored], known: Known
) -> None:
    """Give the reference checks the rows found unchanged, when what they name may be gone.

    An unchanged row named only what existed when it was imported (removing a segment or
    persona, or a use case, forgets the digests of what could name it), so its references
    stand unless this very import removes a record (--replace) or changes a segment's kind.
    Then the records of those rows are loaded, as the library holds exactly what they say.
    """
    if not any(sheet.same for sheet in parsed.values()):
        return
    shrinks = False
    for target, ids in known.ids.items():
        library = existing[target].ids if target in existing else set()
        if not library <= ids:
            shrinks = True
    if "Segments" in parsed:
        stored_kinds = load_segment_kinds(conn)
        if any(known.segment_kinds.get(sid, kind) != kind for sid, kind in stored_kinds.items()):
            shrinks = True
    if not shrinks:
        return
    for sheet in parsed.values():
        if sheet.same and any(f.ref for f in sheet.spec.fields):
            sheet.records.update(load_records(conn, sheet.spec, list(sheet.same)))


def _compare(
    sheet: ParsedSheet, existing: Stored, *, replace: bool
) -> tuple[SheetChanges, dict[str, dict[str, tuple[Any, Any]]]]:
    changes = SheetChanges()
    differences: dict[str, dict[str, tuple[Any, Any]]] = {}
    columns = [c for c in sheet.columns if c != "id"]
    same, ids, records = sheet.same, existing.ids, existing.records
    if not ids:  # nothing stored (a first import): every record is added, none found unchanged
        changes.added = list(sheet.records)
        return changes, differences
    for uid, record in sheet.records.items():
        if uid in same:  # loaded for the reference checks only
            continue
        if uid not in ids:
            changes.added.append(uid)
            continue
        old = records[uid]
        diff = {c: (old[c], record[c]) for c in columns if c in record and record[c] != old[c]}
        if diff:
            changes.changed.append(uid)
            differences[uid] = diff
        else:
            changes.unchanged.append(uid)
    changes.unchanged.extend(same)
    if replace:
        changes.removed = sorted(uid for uid in ids if uid not in sheet.records and uid not in same)
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
    engine: Engine,
    plan: ImportPlan,
    *,
    who: str | Actor,
    progress: Progress | None = None,
    allow_unlink: bool = False,
) -> ImportResult:
    """Write the plan in one transaction; refuses a plan with problems or a stale plan.

    A plan that changes nothing writes nothing (the revision stays), so re-importing the same
    file leaves the database exactly as it was. A replace that would leave approved use cases
    with no industry, company size or persona is refused (`UnlinkRefused`) unless
    `allow_unlink` says the person confirmed it. Importing needs the marketing role; a replace
    that removes records needs an admin.
    """
    removes = plan.replace and any(c.removed for c in plan.changes.values())
    person, who = who, acting(who, "replace sheets on import" if removes else "import")
    if not plan.ok:
        raise WorkbookError(
            f"{plan.filename} has {len(plan.problems)} problem(s); nothing was imported"
        )
    if plan.needs_unlink_confirmation and not allow_unlink:
        raise UnlinkRefused(plan)
    report = progress or (lambda _fraction, _message: None)
    if not plan.has_changes:
        _keep_unchanged_digests(engine, plan)
        report(1.0, "nothing to change")
        return ImportResult(plan.filename, plan.changes, plan.revision)
    total = sum(len(c.added) + len(c.changed) + len(c.removed) for c in plan.changes.values()) or 1
    done = 0
    now = dt.datetime.now()

    def step(count: int, message: str) -> None:
        nonlocal done
        done += count
        report(min(done / total, 1.0), message)

    with bulk.collector_paused(settle_as_old=True), db.unit_of_work(engine) as session:
        conn = session.connection()
        current = db.lock_library(conn)
        if current != plan.revision:
            raise WorkbookError(
                f"the library changed while {plan.filename} was being checked: check it again"
            )
        held = held_changes(plan) if approvals.holds_for(session, person) else []
        plan = _without_held(plan, held)
        _clear_outcome_segments(conn, plan.unlinks)
        for spec in sheets.SHEETS:  # digests of records gone another way, so added ones start clean
            if plan.changes.get(spec.name, SheetChanges()).added:
                digests.forget_missing(conn, table(spec))
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
        approvals.hold_many(session, held, who=who)
        _keep_digests(conn, plan)
        for entity in {h.entity for h in held}:  # kept values differ from the file's
            digests.forget(conn, entity, [h.entity_id for h in held if h.entity == entity])
        revision = record_history(session, _history(plan), who=who, at=now)
    report(1.0, "done")
    return ImportResult(plan.filename, plan.changes, revision, plan.unlinks, held)


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
        columns = _columns_of(sheet, ids, [c for c in stored_columns(spec) if c in sheet.columns])
        for name in stored_columns(spec):
            if name not in sheet.columns:
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


def _columns_of(sheet: ParsedSheet, ids: list[str], names: list[str]) -> dict[str, list[Any]]:
    """The values of records `ids` in columns `names`: the sheet's columns as read when `ids`
    are all its records in order (every record added, as on a first import), else picked from
    each record."""
    if sheet.by_column and len(ids) == len(sheet.records) and ids == list(sheet.records):
        return {name: sheet.by_column[name] for name in names}
    return bulk.as_columns([sheet.records[uid] for uid in ids], names)


def _keep_unchanged_digests(engine: Engine, plan: ImportPlan) -> None:
    """A plan that changes nothing still keeps the row digests of the records it had to read
    and compare (a file whose cells are spelled differently from the last one imported), and
    the digests of the sheet parts it found clean, so the next import of it skips them.
    Library data and revision stay as they are; a library changed since the plan keeps its
    digests (the plan's may no longer describe it)."""
    if not any(plan.digests.values()) and not plan.clean_parts:
        return
    with bulk.collector_paused(), db.unit_of_work(engine) as session:
        conn = session.connection()
        if db.lock_library(conn) != plan.revision:
            return
        for spec in sheets.SHEETS:
            digests.store(conn, spec.entity, plan.digests.get(spec.name, {}))
        digests.store(conn, digests.SHEET_PARTS, plan.clean_parts)


def _keep_digests(conn: Connection, plan: ImportPlan) -> None:
    """Store the digests of what was written; forget those that no longer describe a record.

    Records that lose a link or reference through --replace, and records removed (or removed
    with them by the database) lose their digest; the next import compares them in full. The
    sheet parts found clean keep theirs, so the next import of the same part skips its scan.
    """
    for spec in sheets.SHEETS:
        kind = spec.entity
        changes = plan.changes.get(spec.name)
        if changes is None:
            continue
        digests.store(
            conn,
            kind,
            plan.digests.get(spec.name, {}),
            forgetting=changes.changed,
            fresh=set(changes.added),
        )
    if any(c.removed for c in plan.changes.values()):
        for spec in sheets.SHEETS:
            digests.forget_missing(conn, table(spec))
    unlinked: dict[str, list[str]] = {}
    for unlink in plan.unlinks:
        unlinked.setdefault(sheets.BY_NAME[unlink.sheet].entity, []).append(unlink.id)
    for kind, ids in unlinked.items():
        digests.forget(conn, kind, ids)
    digests.store(conn, digests.SHEET_PARTS, plan.clean_parts)


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
        uids = [*changes.added, *relinked]
        named = [sheet.records[uid][name] for uid in uids]
        owners = list(chain.from_iterable(map(repeat, uids, map(len, named))))
        linked = list(chain.from_iterable(named))
        bulk.insert_columns(conn, link, {"use_case_id": owners, other: linked})


def _clear_outcome_segments(conn: Connection, unlinks: list[Unlink]) -> None:
    """Outcomes name their segment as text: blank the ones --replace removes.

    Links and persona references go with the removed rows by the database's own rules
    (ON DELETE CASCADE / SET NULL); an outcome's industry is plain text and would be left
    naming a segment that no longer exists.
    """
    t = table(sheets.OUTCOMES)
    for column in ("industry", "company_size"):
        ids = [u.id for u in unlinks if u.sheet == sheets.OUTCOMES.name and u.column == column]
        for chunk in _chunks(ids, ID_CHUNK):
            conn.execute(update(t).where(t.c.id.in_(chunk)).values({column: ""}))


def _history(plan: ImportPlan) -> list[HistoryEntry]:
    """One history line per use case the import adds, changes or removes, and per record that
    loses a link with --replace."""
    changes = plan.changes.get(sheets.USE_CASES.name) or SheetChanges()
    differences = plan.differences.get(sheets.USE_CASES.name, {})
    source = Path(plan.filename).name
    return (
        [HistoryEntry(uid, "import", f"added from {source}") for uid in changes.added]
        + [
            HistoryEntry(uid, "import", f"changed {', '.join(differences[uid])} from {source}")
            for uid in changes.changed
        ]
        + [HistoryEntry(uid, "import", f"removed: not in {source}") for uid in changes.removed]
        + [
            HistoryEntry(
                u.use_case_id or u.id,
                "import",
                f"{u.describe()}: removed with --replace from {source}",
                "use_case" if u.use_case_id else u.sheet.lower().rstrip("s"),
            )
            for u in plan.unlinks
        ]
    )


def import_file(
    engine: Engine,
    path: Path | str,
    *,
    replace: bool = False,
    dry_run: bool = False,
    who: str | Actor = LOCAL_USER,
    progress: Progress | None = None,
    allow_unlink: bool = False,
) -> tuple[ImportPlan, ImportResult | None]:
    """Plan and, unless it has problems or this is a dry run, apply an import of `path`."""
    path = Path(path)
    plan = plan_import(engine, path, path.name, replace=replace)
    if dry_run or not plan.ok:
        return plan, None
    return plan, apply_import(engine, plan, who=who, progress=progress, allow_unlink=allow_unlink)
