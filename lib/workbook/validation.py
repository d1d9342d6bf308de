"""Turning the rows of a sheet into records, collecting every problem on the way.

Forgiving where a person would be (header names in any case or spacing, title rows above the
header, stray spaces), strict where data would be lost or wrong (unknown choices, missing ids or
required values, duplicate ids, unreadable dates or numbers, references to nothing).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from lib.core import checks, digests
from lib.core.identifiers import clean_id, name_id_problem, record_id_problem, record_ids_ok
from lib.core.limits import (
    CELL_CHARACTERS,
    CONTROL_CHARACTERS,
    column_limit,
    too_long_message,
)
from lib.workbook import cells, sheets
from lib.workbook.problems import CellError, Problem
from lib.workbook.reading import HEADER_SEARCH_ROWS, RawSheet
from lib.workbook.stored import Record, nullable, table

_CONTROL = CONTROL_CHARACTERS
# Segments and personas are named by their id; everything else has a code-like id.
NAMED_SHEETS = (sheets.SEGMENTS.name, sheets.PERSONAS.name)
WRITERS: dict[str, Callable[[Any], str]] = {
    "list": cells.write_list,
    "steps": cells.write_steps,
    "extensions": cells.write_extensions,
}


@dataclass
class ParsedSheet:
    """A sheet's records keyed by id, holding only the columns the file has."""

    spec: sheets.Sheet
    title: str
    columns: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # id -> Excel row
    notes: list[str] = field(default_factory=list)  # what was read differently from the file
    # ids whose row is, cell for cell, the one the library's record was last imported from:
    # not checked or compared again, and not in `records` (id -> Excel row)
    same: dict[str, int] = field(default_factory=dict)
    # id -> digest of its row as read (`lib.core.digests`), for the records read from a sheet
    # carrying every column, except rows read differently from the file (see `notes`)
    digests: dict[str, str] = field(default_factory=dict)
    noted_rows: set[int] = field(default_factory=set)  # Excel rows a note names
    # the records' values column by column, in the order of `records`, when every row read is
    # a record of its own (empty otherwise): a first import writes them as they are
    by_column: dict[str, list[Any]] = field(default_factory=dict, repr=False)

    def ids(self) -> set[str]:
        """Every id in the sheet: the records read and the rows found unchanged."""
        return set(self.records) | set(self.same)


def reader(spec: sheets.Sheet, f: sheets.Field) -> Callable[[Any], Any]:
    """The function that reads one cell of this column."""
    if f.choices and f.kind == "list":
        return cells.choices_reader(f.choices)
    if f.choices:
        return cells.choice_reader(f.choices)
    if f.kind == "list":
        return cells.read_set if f.ref else cells.read_list
    if f.kind == "steps":
        return cells.read_steps
    if f.kind == "extensions":
        return cells.read_extensions
    if f.kind == "date":
        return cells.read_date
    if f.kind == "number":
        return cells.read_number
    if f.kind == "count":
        return cells.read_count
    return cells.read_optional_text if nullable(spec, f.name) else cells.read_text


def _find_header(rows: list[list[Any]], spec: sheets.Sheet) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(cells.key(cells.as_text(c)) == "id" for c in row):
            return index
    return None


def _blank(row: list[Any]) -> bool:
    for cell in row:
        if cell is not None and cell != "" and (type(cell) is not str or cell.strip()):
            return False
    return True


def parse_sheet(
    raw: RawSheet, filename: str, unchanged: Mapping[str, str] | None = None
) -> tuple[ParsedSheet, list[Problem]]:
    """The sheet's records and every problem in them.

    `unchanged` maps the stored row digests of the library's records to their ids: a row with
    one of them (and no error cell) is not read again, only listed in `same`.
    """
    spec = raw.spec
    parsed = ParsedSheet(spec, raw.title)
    problems: list[Problem] = []

    def problem(row: int | None, column: str | None, value: Any, message: str) -> None:
        problems.append(Problem(filename, raw.title, row, column, value, message))

    rows = raw.rows
    if raw.hidden:
        parsed.notes.append(f"sheet {raw.title} is hidden in the workbook; imported")
    if _blank_sheet(rows) and not raw.bad:
        return parsed, problems
    header = _find_header(rows, spec)
    if header is None:
        problem(
            None,
            "id",
            None,
            f"no header row with an 'id' column in the first {HEADER_SEARCH_ROWS} rows",
        )
        return parsed, problems

    by_key = {cells.key(f.name): f for f in spec.fields}
    positions: dict[str, int] = {}
    for index, cell in enumerate(rows[header]):
        name = cells.as_text(cell)
        if not name:
            continue
        f = by_key.get(cells.key(name))
        if f is None:
            parsed.ignored.append(name)
        elif f.name in positions:
            problem(header + 1, f.name, name, "the column appears twice; keep one")
        else:
            positions[f.name] = index
    for f in spec.fields:
        if f.required and f.name not in positions:
            problem(header + 1, f.name, None, "the column is missing")
    if "id" not in positions:
        return parsed, problems
    parsed.columns = [f.name for f in spec.fields if f.name in positions]

    width = max(positions.values()) + 1
    bad: dict[int, dict[int, str]] = {}  # column -> row (from 0) -> what the cell holds
    for (r, c), message in raw.bad.items():
        bad.setdefault(c, {})[r] = message
    used = set(positions.values())
    bad_rows = {r for r, c in raw.bad if c in used}  # an error in an ignored column is ignored
    # Every row below the header is digested first, as read: a row found unchanged costs
    # nothing more (no blank test, no padding, no reading of its cells).
    all_digests, same_rows = _row_digests(spec, positions, rows, header + 1, bad_rows, unchanged)
    excel_rows: list[int] = []
    data: list[list[Any]] = []
    kept: list[str] = []  # the digests of the rows in `data`
    id_at = positions["id"]
    indexes = (
        [i for i in range(header + 1, len(rows)) if i + 1 not in same_rows]
        if same_rows
        else range(header + 1, len(rows))
    )
    try:  # the common case: every row has an id, so none is blank
        every_row_has_an_id = all(map(str.strip, [rows[i][id_at] for i in indexes]))
    except (TypeError, IndexError):  # a number or nothing in the id column, a short CSV row
        every_row_has_an_id = False
    if every_row_has_an_id and not same_rows:
        data, excel_rows = rows[header + 1 :], list(range(header + 2, len(rows) + 1))
        kept = all_digests or []
    elif every_row_has_an_id:
        data, excel_rows = [rows[i] for i in indexes], [i + 1 for i in indexes]
        kept = [all_digests[i - header - 1] for i in indexes] if all_digests else []
    for index in indexes if not every_row_has_an_id else ():
        row = rows[index]
        uid = row[id_at] if id_at < len(row) else None  # a row with an id is not blank
        if (type(uid) is str and uid.strip()) or not _blank(row) or index in bad_rows:
            excel_rows.append(index + 1)
            data.append(row)
            if all_digests is not None:
                kept.append(all_digests[index - header - 1])
    row_digests = kept if all_digests is not None else None
    del all_digests
    # CSV rows may be ragged; spreadsheet rows all come out as wide as the sheet.
    longest = max(width, *map(len, data)) if data else width
    data = [row if len(row) == longest else row + [""] * (longest - len(row)) for row in data]

    # Column by column: one tight comprehension per column in the common, clean case; only a
    # column that holds a bad cell is read again cell by cell to report every bad cell in it.
    values: list[list[Any]] = []
    by_position = list(zip(*data, strict=True)) if data else [() for _ in range(width)]
    for name in parsed.columns:
        f = next(x for x in spec.fields if x.name == name)
        raw_column = list(by_position[positions[name]])
        flagged: set[int] = set()  # rows (by index) already reported: no second problem
        bad_here = bad.get(positions[name])
        for i, excel_row in enumerate(excel_rows) if bad_here else ():
            message = bad_here.get(excel_row - 1)
            if message:
                problem(excel_row, name, None, message)
                flagged.add(i)
                raw_column[i] = ""
        longest = _plain_text(raw_column, excel_rows, name, flagged, problem, parsed, raw.title)
        read = reader(spec, f)
        try:
            column = read_column(spec, f, raw_column)
        except CellError:
            column = []
            for excel_row, raw_value in zip(excel_rows, raw_column, strict=True):
                try:
                    column.append(read(raw_value))
                except CellError as error:
                    problem(excel_row, name, raw_value, str(error))
                    column.append(None)
        if (name == "id" or f.ref) and _clean_ids(
            spec, f, column, raw_column, excel_rows, flagged, problem, parsed, raw
        ):
            longest = None  # a cleaned id is measured again
        _check_length(spec, f, column, raw_column, excel_rows, flagged, problem, longest)
        if f.whole or f.item_choices:
            _check_items(f, column, raw_column, excel_rows, flagged, problem)
        if f.required and not all(column):
            for i, value in enumerate(column):
                if i in flagged:
                    continue
                if not value and not (value is None and raw_column[i] not in ("", None)):
                    problem(excel_rows[i], name, raw_column[i], "is missing")
        values.append(column)

    names = parsed.columns
    records = parsed.records
    seen = parsed.rows
    read = zip(excel_rows, zip(*values, strict=True), row_digests or excel_rows, strict=True)
    in_order: Iterable[tuple[int, Any, Any]] = read
    if same_rows:
        if _apart(same_rows, values[names.index("id")] if values else []):
            parsed.same = {uid: excel_row for excel_row, uid in same_rows.items()}
            seen.update(parsed.same)  # no id of theirs is on another row: listed in one go
        else:  # rows read and rows found unchanged, back in the sheet's order (repeated ids)
            in_order = heapq.merge(read, ((r, None, uid) for r, uid in same_rows.items()))
    if in_order is read and _distinct_ids(values[names.index("id")] if values else []):
        _keep_records(parsed, names, values, excel_rows, row_digests, unchanged)
        in_order = ()  # every row is a record of its own: kept in one go
    for excel_row, record_values, row_digest in in_order:
        if record_values is None:  # unchanged: its id is known from the digest
            uid = row_digest
            if uid in seen:
                problem(excel_row, "id", uid, f"{uid!r} is also on row {seen[uid]}")
                continue
            seen[uid] = excel_row
            parsed.same[uid] = excel_row
            continue
        record = dict(zip(names, record_values, strict=True))
        uid = record["id"]
        if not uid:
            continue
        if uid in seen:
            problem(excel_row, "id", uid, f"{uid!r} is also on row {seen[uid]}")
            continue
        seen[uid] = excel_row
        records[uid] = record  # kept even when bad, so references to it are not reported too
        if (
            row_digests
            and excel_row not in parsed.noted_rows
            and (unchanged is None or unchanged.get(row_digest) != uid)  # else kept already
        ):
            parsed.digests[uid] = row_digest
    if "extensions" in parsed.columns and "main_steps" in parsed.columns:
        for uid, record in records.items():
            for label, message in extension_step_problems(
                record["main_steps"], record["extensions"]
            ):
                problem(seen[uid], "extensions", label, message)
    return parsed, problems


def _distinct_ids(ids: list[Any]) -> bool:
    """True when every row read has an id, and no two the same."""
    return all(ids) and len(set(ids)) == len(ids)


def _keep_records(
    parsed: ParsedSheet,
    names: list[str],
    values: list[list[Any]],
    excel_rows: list[int],
    row_digests: list[str] | None,
    unchanged: Mapping[str, str] | None,
) -> None:
    """Every row read as a record, when each has an id of its own: what the row-by-row loop
    of `parse_sheet` keeps then (records, their rows and digests), without a step per row."""
    ids = values[names.index("id")]
    parsed.by_column = dict(zip(names, values, strict=True))
    records = map(dict, map(zip, repeat(names), zip(*values, strict=True)))
    parsed.records.update(zip(ids, records, strict=True))
    parsed.rows.update(zip(ids, excel_rows, strict=True))
    if not row_digests:
        return
    noted = parsed.noted_rows
    if not noted and not unchanged:
        parsed.digests.update(zip(ids, row_digests, strict=True))
        return
    parsed.digests.update(
        (uid, row_digest)
        for uid, excel_row, row_digest in zip(ids, excel_rows, row_digests, strict=True)
        if excel_row not in noted and (unchanged is None or unchanged.get(row_digest) != uid)
    )


def _apart(same_rows: dict[int, str], read_ids: list[Any]) -> bool:
    """True when no id of a row found unchanged is on any other row of the sheet."""
    ids = set(same_rows.values())
    return len(ids) == len(same_rows) and ids.isdisjoint(read_ids)


def _row_digests(
    spec: sheets.Sheet,
    positions: dict[str, int],
    rows: list[list[Any]],
    start: int,
    bad_rows: set[int],
    unchanged: Mapping[str, str] | None,
) -> tuple[list[str] | None, dict[int, str]]:
    """The digest of each row from `start` (index from 0) on, blank ones included (None when
    the sheet lacks columns: the record then keeps stored values the row does not show), and
    the rows found unchanged (Excel row -> id).

    Segments and personas are always read: they are few, and the head-count and kind checks
    look at every one of them.
    """
    if start >= len(rows) or not set(spec.columns) <= positions.keys():
        return None, {}
    picked = [positions[c] for c in spec.columns]
    body = rows[start:]
    need = max(picked) + 1
    if min(map(len, body)) < need:  # ragged CSV rows: a missing cell reads as ""
        body = [row if len(row) >= need else row + [""] * (need - len(row)) for row in body]
    kinds = {f.name: f.kind for f in spec.fields}
    dates = [i for i, c in enumerate(spec.columns) if kinds.get(c) == "date"]
    row_digests = digests.digest_rows(body, picked, dates)
    del body
    if not unchanged or spec.name in NAMED_SHEETS:
        return row_digests, {}
    found = map(unchanged.get, row_digests)
    same_rows = {row: uid for row, uid in enumerate(found, start + 1) if uid is not None}
    for row in bad_rows & {r - 1 for r in same_rows} if bad_rows else ():
        del same_rows[row + 1]  # an error cell reads as blank: such a row is read and reported
    return row_digests, same_rows


def _plain_text(
    raw_column: list[Any],
    excel_rows: list[int],
    name: str,
    flagged: set[int],
    problem: Callable[[int | None, str | None, Any, str], None],
    parsed: ParsedSheet,
    title: str,
) -> Longest:
    """Refuse NUL and text longer than a cell; strip other control characters, with a note.

    Done on the cells as read, in place, so the dry run refuses exactly what the write would.
    Returns the length of the longest text cell as read (what is done here only shortens
    cells), for `_check_length`: measuring a column costs a pass over every cell.
    """
    try:
        joined = "".join(raw_column)  # a column of text: the common case
        longest = Longest(max(map(len, raw_column), default=0), every_cell_text=True)
    except TypeError:
        strings = [v for v in raw_column if type(v) is str]
        joined = "".join(strings)
        longest = Longest(max(map(len, strings), default=0), every_cell_text=False)
    if longest.text <= CELL_CHARACTERS and (
        joined.replace("\n", "").isprintable() or not _CONTROL.search(joined)
    ):
        return longest  # plain text that fits (no control character is printable)
    stripped: list[int] = []
    for i, value in enumerate(raw_column):
        if type(value) is not str or i in flagged:
            continue
        if "\x00" in value:
            problem(
                excel_rows[i],
                name,
                value.replace("\x00", "\\0"),
                "holds a NUL character (code 0), which the library cannot store; remove it",
            )
            flagged.add(i)
            raw_column[i] = ""
        elif len(value) > CELL_CHARACTERS:
            problem(
                excel_rows[i], name, value[:80] + "…", too_long_message(len(value), CELL_CHARACTERS)
            )
            flagged.add(i)
            raw_column[i] = ""
        elif _CONTROL.search(value):
            raw_column[i] = _CONTROL.sub("", value)
            stripped.append(excel_rows[i])
    if stripped:
        parsed.noted_rows.update(stripped)
        parsed.notes.append(
            f"sheet {title}, column {name}: removed control characters (invisible codes no "
            f"document can hold) from row{'s' if len(stripped) > 1 else ''} "
            f"{_row_list(stripped)}"
        )
    return longest


@dataclass(frozen=True)
class Longest:
    """The longest text cell of a column as read, and whether every cell was text (then no
    value read from the column is longer: reading trims, choices and dates are short)."""

    text: int
    every_cell_text: bool


def _row_list(rows: list[int], shown: int = 10) -> str:
    listed = ", ".join(map(str, rows[:shown]))
    return listed + (f" and {len(rows) - shown} more" if len(rows) > shown else "")


def _clean_ids(
    spec: sheets.Sheet,
    f: sheets.Field,
    column: list[Any],
    raw_column: list[Any],
    excel_rows: list[int],
    flagged: set[int],
    problem: Callable[[int | None, str | None, Any, str], None],
    parsed: ParsedSheet,
    raw: RawSheet,
) -> bool:
    """Ids and references by the one id rule (`lib.core.identifiers`), in place.

    Look-alikes become the same id (NFC, no invisible characters), with a note; an id the
    editor would refuse is refused here too. Returns whether any value was cleaned.
    """
    try:
        joined = "".join(filter(None, column))
    except TypeError:  # lists of references (a text among them gives its characters)
        joined = "".join(chain.from_iterable(filter(None, column)))
    cleaned: list[int] = []
    if not joined.isascii():  # invisible characters and NFC forms are all non-ASCII
        for i, value in enumerate(column):
            if isinstance(value, list):
                fixed = [clean_id(v) for v in value]
                if any(changed for _v, changed in fixed):
                    column[i] = sorted({v for v, _c in fixed if v})
                    cleaned.append(excel_rows[i])
            elif value:
                fixed_id, changed = clean_id(value)
                if changed:
                    column[i] = fixed_id or None if f.name != "id" else fixed_id
                    cleaned.append(excel_rows[i])
        if cleaned:
            parsed.noted_rows.update(cleaned)
            parsed.notes.append(
                f"sheet {raw.title}, column {f.name}: removed invisible characters (such as "
                f"zero-width spaces) from ids on row{'s' if len(cleaned) > 1 else ''} "
                f"{_row_list(cleaned)}"
            )
    if f.name != "id":
        return bool(cleaned)
    if spec.name in NAMED_SHEETS:
        rule = name_id_problem
    elif record_ids_ok(column):
        return bool(cleaned)
    else:
        rule = record_id_problem
    for i, uid in enumerate(column):
        if uid and i not in flagged:
            message = rule(uid)
            if message:
                problem(excel_rows[i], "id", raw_column[i], message)
                flagged.add(i)
    return bool(cleaned)


def _check_length(
    spec: sheets.Sheet,
    f: sheets.Field,
    column: list[Any],
    raw_column: list[Any],
    excel_rows: list[int],
    flagged: set[int],
    problem: Callable[[int | None, str | None, Any, str], None],
    longest: Longest | None = None,
) -> None:
    """Text longer than its field holds, and lists that would not fit one cell when exported.

    `longest` (from `_plain_text`, None when ids were cleaned since) spares measuring every
    text cell again when no cell as read is too long: reading only trims text. A choice is
    not measured by it (it is read as the vocabulary spells it, which may be longer than the
    cell typed), nor a list, steps or extensions, which are written back longer than read
    (`_most_written`).
    """
    if f.kind in ("number", "date", "count"):
        return
    stored = table(spec).c
    limit = column_limit(table(spec), f.name) if f.name in stored else CELL_CHARACTERS
    write = WRITERS.get(f.kind)
    if write is None:
        if longest and longest.every_cell_text and not f.choices and longest.text <= limit:
            return  # the common case: every cell as read fits, so every value does
        try:
            if max(map(len, filter(None, column)), default=0) <= limit:
                return  # the common case: every value fits
        except TypeError:
            pass
    else:
        if longest and _most_written_any(f.kind, longest.text) <= limit:
            return  # no text cell of the column is long enough to outgrow it once written
        texts = [v for v in raw_column if type(v) is str]
        if all(_most_written(f.kind, text) <= limit for text in texts):
            return  # no cell can outgrow the limit once written back
    for i, value in enumerate(column):
        if i in flagged or not value:
            continue
        if type(value) is str:
            length = len(value)
        elif write is not None and _most_written(f.kind, cells.as_text(raw_column[i])) > limit:
            length = len(write(value))  # numbering and line breaks make the cell longer
        else:
            continue
        if length > limit:
            shown = raw_column[i] if length <= 200 else cells.as_text(raw_column[i])[:80] + "…"
            problem(excel_rows[i], f.name, shown, too_long_message(length, limit))
            flagged.add(i)


def _most_written(kind: str, text: str) -> float:
    """The most characters a cell of `kind` holding `text` can take once read and written
    back (the export): a list keeps its text (a `;` becomes a line break, a lone item gains
    one); steps gain their number, `N. `, at most one step per line, so many short lines can
    more than double a cell. Extensions are rewritten (`_EXTENSION_GROWTH`)."""
    if kind == "steps":
        steps = len(text.splitlines()) or 1
        return len(text) + steps * (len(str(steps)) + 2)
    return _most_written_any(kind, len(text))


# An extension written back is at most 13 characters longer than its line as read ('. ' after
# the label where the cell may have one space, '[alternate] ' before a condition starting
# with '['), a `;` between handling steps gains a space, and a lone line may gain a line
# break; every extension line takes at least 3 characters ('3a '). So a cell of n characters
# is written in at most n + 13n/3 + n + 1 < 7(n + 2) (tests/test_cell_properties.py checks it).
_EXTENSION_GROWTH = 7


def _most_written_any(kind: str, length: int) -> int:
    """`_most_written` of any text of `length` characters or fewer: a column's longest text
    cell bounds every cell of it (a steps cell has at most one line per character)."""
    if kind == "list":
        return length + 1
    if kind == "steps":
        steps = max(length, 1)
        return length + steps * (len(str(steps)) + 2)
    return _EXTENSION_GROWTH * (length + 2)


def _check_items(
    f: sheets.Field,
    column: list[Any],
    raw_column: list[Any],
    excel_rows: list[int],
    flagged: set[int],
    problem: Callable[[int | None, str | None, Any, str], None],
) -> None:
    """Whole numbers (counts of days or asks) and list items from a fixed vocabulary (read
    whatever their case or spacing, and stored as the vocabulary spells them)."""
    by_key = {cells.key(c): c for c in f.item_choices}
    for i, value in enumerate(column):
        if i in flagged or value in (None, "", []):
            continue
        if f.whole and (value < 0 or value != int(value)):
            problem(excel_rows[i], f.name, raw_column[i], "must be a whole number, 0 or more")
            continue
        if f.whole:
            column[i] = int(value)
            continue
        for item in value:
            if cells.key(item) not in by_key:
                problem(excel_rows[i], f.name, item, checks.not_one_of(item, f.item_choices) or "")
        column[i] = sorted({by_key.get(cells.key(item), item) for item in value})


def extension_step_problems(
    main_steps: list[str] | None, extensions: list[dict] | None
) -> list[tuple[str, str]]:
    """(label, message) for each extension the editor would refuse: the editor's own check,
    so an imported use case can be saved as it is."""
    return [(p.label, p.message) for p in checks.extension_problems(main_steps, extensions)]


def read_column(spec: sheets.Sheet, f: sheets.Field, raw: list[Any]) -> list[Any]:
    """Read a whole column; raises `CellError` at its first bad cell."""
    as_text = cells.as_text
    if f.choices and f.kind != "list":
        exact = {c: c for c in f.choices}
        exact[""] = ""
        read_choice = cells.choice_reader(f.choices)
        return [exact[v] if v in exact else read_choice(v) for v in raw]
    if f.kind == "text":
        try:
            column = list(map(str.strip, raw))  # every cell is text: the common case
        except TypeError:
            column = [v.strip() if type(v) is str else as_text(v) for v in raw]
        if nullable(spec, f.name):
            return [v or None for v in column]
        return column
    if f.kind == "number":
        read_number = cells.read_number
        column = [v if type(v) is float else None if v == "" else read_number(v) for v in raw]
        if not all(map(math.isfinite, filter(None, column))):
            raise CellError("a number that is not finite")  # NaN or infinity: read cell by cell
        return column
    if f.kind == "date":
        read_date = cells.read_date
        return [v if type(v) is dt.date else None if v == "" else read_date(v) for v in raw]
    if f.kind == "list" and not f.choices:
        try:  # every cell is text: the common case, read without a call per cell
            return cells.read_list_column(raw, unique=bool(f.ref))
        except TypeError:
            pass  # a cell that is not text: cell by cell
    read = reader(spec, f)
    if f.kind in ("list", "steps", "extensions"):
        return [read(v) if v else [] for v in raw]  # a blank cell is an empty list
    return [read(v) for v in raw]


def _blank_sheet(rows: list[list[Any]]) -> bool:
    return all(_blank(row) for row in rows)


@dataclass
class Known:
    """Ids a reference may name: from the file, from the library, or both."""

    ids: dict[str, set[str]]  # sheet name -> ids
    segment_kinds: dict[str, str]


def check_references(
    parsed: dict[str, ParsedSheet], known: Known, filename: str, *, replace: bool
) -> list[Problem]:
    problems: list[Problem] = []
    for sheet in parsed.values():
        refs = [f for f in sheet.spec.fields if f.ref and f.name in sheet.columns]
        if not refs:
            continue
        for f in refs:
            ids = known.ids[f.ref]
            target = sheets.BY_NAME[f.ref]
            where = (
                f"the file's {target.name} sheet (--replace removes the rest)"
                if replace and f.ref in parsed
                else "the file or the library"
            )
            noun = target.entity.replace("_", " ")
            mentioned = _mentioned([record.get(f.name) for record in sheet.records.values()])
            kinds = known.segment_kinds
            if mentioned <= ids and not (
                f.ref_kind and any(kinds.get(ref, f.ref_kind) != f.ref_kind for ref in mentioned)
            ):
                continue  # the common case: every reference is good
            for uid, record in sheet.records.items():
                value = record.get(f.name)
                if not value:
                    continue
                for ref in value if isinstance(value, list) else (value,):
                    message = checks.reference_problem(
                        ref, noun, ids, where, kinds=kinds, wanted_kind=f.ref_kind
                    )
                    if message is None:
                        continue
                    split = ref.split(",")
                    if ref not in ids and len(split) > 1 and all(p.strip() in ids for p in split):
                        message += "; separate several with ';' or put one per line"
                    problems.append(
                        Problem(filename, sheet.title, sheet.rows[uid], f.name, ref, message)
                    )
    return problems


def _mentioned(named: list[Any]) -> set[str]:
    """Every id a reference column names: its cells are single ids, or lists of ids."""
    try:
        return set(filter(None, named))  # single references: the common case
    except TypeError:  # a list (unhashable) among them
        pass
    values = list(filter(None, named))
    if all(type(value) is list for value in values):
        return set(chain.from_iterable(values))
    mentioned: set[str] = set()
    for value in values:
        if isinstance(value, list):
            mentioned.update(value)
        else:
            mentioned.add(value)
    return mentioned
