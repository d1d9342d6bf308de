"""Turning the rows of a sheet into records, collecting every problem on the way.

Forgiving where a person would be (header names in any case or spacing, title rows above the
header, stray spaces), strict where data would be lost or wrong (unknown choices, missing ids or
required values, duplicate ids, unreadable dates or numbers, references to nothing).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lib.workbook import cells, sheets
from lib.workbook.problems import CellError, Problem
from lib.workbook.reading import HEADER_SEARCH_ROWS, RawSheet
from lib.workbook.stored import Record, max_length, nullable

_STEP_OF = re.compile(r"^(\d+)")  # 3 in "3a"; "*a" (any step) names none


@dataclass
class ParsedSheet:
    """A sheet's records keyed by id, holding only the columns the file has."""

    spec: sheets.Sheet
    title: str
    columns: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # id -> Excel row


def reader(spec: sheets.Sheet, f: sheets.Field) -> Callable[[Any], Any]:
    """The function that reads one cell of this column."""
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


def parse_sheet(raw: RawSheet, filename: str) -> tuple[ParsedSheet, list[Problem]]:
    spec = raw.spec
    parsed = ParsedSheet(spec, raw.title)
    problems: list[Problem] = []

    def problem(row: int | None, column: str | None, value: Any, message: str) -> None:
        problems.append(Problem(filename, raw.title, row, column, value, message))

    rows = raw.rows
    if _blank_sheet(rows):
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

    excel_rows: list[int] = []
    data: list[list[Any]] = []
    width = max(positions.values()) + 1
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not _blank(row):
            excel_rows.append(index + 1)
            data.append(row)
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
        limit = max_length(spec, name)
        if limit and max(map(len, filter(None, column)), default=0) > limit:
            for i, value in enumerate(column):
                if type(value) is str and len(value) > limit:
                    problem(
                        excel_rows[i],
                        name,
                        raw_column[i],
                        f"is {len(value)} characters long; at most {limit} fit",
                    )
        if f.required and not all(column):
            for i, value in enumerate(column):
                if not value and not (value is None and raw_column[i] not in ("", None)):
                    problem(excel_rows[i], name, raw_column[i], "is missing")
        values.append(column)

    names = parsed.columns
    records = parsed.records
    seen = parsed.rows
    for excel_row, record_values in zip(excel_rows, zip(*values, strict=True), strict=True):
        record = dict(zip(names, record_values, strict=True))
        uid = record["id"]
        if not uid:
            continue
        if uid in seen:
            problem(excel_row, "id", uid, f"{uid!r} is also on row {seen[uid]}")
            continue
        seen[uid] = excel_row
        records[uid] = record  # kept even when bad, so references to it are not reported too
    if "extensions" in parsed.columns and "main_steps" in parsed.columns:
        for uid, record in records.items():
            for label, message in extension_step_problems(
                record["main_steps"], record["extensions"]
            ):
                problem(seen[uid], "extensions", label, message)
    return parsed, problems


def extension_step_problems(
    main_steps: list[str] | None, extensions: list[dict] | None
) -> list[tuple[str, str]]:
    """Extensions that branch from a step the main scenario does not have, or share a label.

    The same rule the editor applies, so an imported use case can be saved as it is.
    """
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    count = len(main_steps or [])
    for ext in extensions or []:
        label = ext["step"]
        digits = _STEP_OF.match(label)
        if digits and not 1 <= int(digits.group(1)) <= count:
            step = int(digits.group(1))
            found.append(
                (label, f"extension {label}: there is no main step {step} (it has {count})")
            )
        elif label in seen:
            step = digits.group(1) if digits else "*"
            found.append(
                (
                    label,
                    f"extension {label} appears twice; "
                    f"give each its own letter ({step}a, {step}b, ...)",
                )
            )
        seen.add(label)
    return found


def read_column(spec: sheets.Sheet, f: sheets.Field, raw: list[Any]) -> list[Any]:
    """Read a whole column; raises `CellError` at its first bad cell."""
    as_text = cells.as_text
    if f.choices:
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
        return [v if type(v) is float else read_number(v) for v in raw]
    if f.kind == "date":
        read_date = cells.read_date
        return [v if type(v) is dt.date else read_date(v) for v in raw]
    read = reader(spec, f)
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
            named = [record.get(f.name) for record in sheet.records.values()]
            mentioned: set[str] = set()
            for value in named:
                if isinstance(value, list):
                    mentioned.update(value)
                elif value:
                    mentioned.add(value)
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
                    if ref not in ids:
                        message = f"{ref!r} is not a {noun} in {where}"
                        if "," in ref and all(p.strip() in ids for p in ref.split(",")):
                            message += "; separate several with ';' or put one per line"
                    elif f.ref_kind and known.segment_kinds.get(ref, f.ref_kind) != f.ref_kind:
                        kind = known.segment_kinds[ref].replace("_", " ")
                        message = (
                            f"{ref!r} is a {kind} segment, not a {f.ref_kind.replace('_', ' ')}"
                        )
                    else:
                        continue
                    problems.append(
                        Problem(filename, sheet.title, sheet.rows[uid], f.name, ref, message)
                    )
    return problems
