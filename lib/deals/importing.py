"""Deals in: check a whole CRM export, then upsert its deals by id, or write nothing.

The same standards as the library import: every bad cell is reported with its row, column
and value; one bad cell means nothing is written; a dry run says what would be added and
changed; a deal already stored as the file has it is left alone, so importing the same file
twice changes nothing the second time. Deals the file does not list are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from lib.core import db
from lib.core.access import Actor, ensure
from lib.core.limits import NAME_LENGTH
from lib.core.models import Deal
from lib.deals import parsing
from lib.deals.cache import deals_changed, kept
from lib.deals.formats import FormatError, Layout, find_layout, key
from lib.deals.reading import ExportFileError, read_rows

# The stored fields, in the order a deal is compared to what is stored.
STORED = (
    "name",
    "account",
    "stage",
    "amount",
    "currency",
    "created_on",
    "close_date",
    "closed",
    "won",
    "industry",
    "employees",
    "owner",
    "source",
)
TEXT_FIELDS = ("name", "account", "stage", "industry", "owner")
ID_LENGTH = 120
WON_STAGES = frozenset({"closedwon", "won"})
LOST_STAGES = frozenset({"closedlost", "lost"})
DEALS = Deal.__table__
SELECT_IN_LIMIT = 5_000  # above this many deals in a file, reading the whole table is cheaper


class DealImportError(ValueError):
    """The file cannot be imported; `problems` lists every bad cell."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CheckedExport:
    """A whole export, checked: the deals it holds (field -> value) or what is wrong with it."""

    filename: str
    layout: Layout | None
    deals: dict[str, tuple[Any, ...]]  # id -> the `STORED` fields
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def deal(self, deal_id: str) -> dict[str, Any]:
        return dict(zip(STORED, self.deals[deal_id], strict=True))


@dataclass
class DealImport:
    """What an import did (or, in a dry run, would do)."""

    filename: str
    source: str
    rows: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: tuple[str, ...] = ()
    written: bool = False

    def summary(self) -> str:
        verb = "imported" if self.written else "would import"
        return (
            f"{self.filename} ({self.source}): {self.rows} deal{'s' if self.rows != 1 else ''}; "
            f"{verb}: {len(self.added)} added, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged"
        )


def check_export(
    data: bytes,
    filename: str,
    *,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> CheckedExport:
    """Read and check the whole file; never raises for bad cells, lists them instead."""
    try:
        sheets = read_rows(data, filename)
    except ExportFileError as error:
        return CheckedExport(filename, None, {}, (str(error),))
    layout: Layout | None = None
    rows: list[list[Any]] = []
    where = filename
    first_error: str | None = None
    for title, sheet_rows in sheets:
        try:
            layout = find_layout(sheet_rows, mapping)
        except FormatError as error:
            first_error = first_error or str(error)
            continue
        rows = sheet_rows
        where = filename if len(sheets) == 1 else f"{filename}, sheet {title}"
        break
    if layout is None:
        return CheckedExport(filename, None, {}, (f"{filename}: {first_error}",))
    return _check_rows(where, filename, layout, rows, date_format)


def _column(rows: list[list[Any]], index: int | None) -> list[Any]:
    if index is None:
        return [None] * len(rows)
    return [row[index] if index < len(row) else None for row in rows]


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _check_rows(
    where: str, filename: str, layout: Layout, rows: list[list[Any]], date_format: str | None
) -> CheckedExport:
    """Every cell checked column by column (a spreadsheet number, date or yes/no is taken as
    it is; only text is parsed), every problem kept with its row and column."""
    col = layout.columns
    found: list[tuple[int, int, str]] = []  # (row, column, message), sorted at the end

    def bad(number: int, field_name: str, message: str) -> None:
        header = layout.header_of(field_name) if field_name in col else field_name
        column = col.get(field_name, len(layout.headers))
        found.append((number, column, f"{where}, row {number}, column {header}: {message}"))

    body: list[list[Any]] = []
    numbers: list[int] = []  # the row as Excel (or a text editor) numbers it
    id_col = col["id"]
    for index in range(layout.header_row + 1, len(rows)):
        row = rows[index]
        first = row[id_col] if id_col < len(row) else None
        if (first is None or first == "") and all(_blank(c) for c in row):
            continue
        body.append(row)
        numbers.append(index + 1)

    ids: list[str] = []
    keep: list[int] = []  # positions in `body` of rows with a usable, unique id
    first_row: dict[str, int] = {}
    for position, raw in enumerate(_column(body, id_col)):
        number = numbers[position]
        deal_id = " ".join(raw.split()) if type(raw) is str else _text_id(raw)
        if not deal_id:
            bad(number, "id", "every deal needs its id")
        elif len(deal_id) > ID_LENGTH:
            bad(number, "id", f"{raw!r}: an id is at most {ID_LENGTH} characters")
        elif deal_id in first_row:
            bad(number, "id", f"{deal_id!r} is also on row {first_row[deal_id]}")
        else:
            first_row[deal_id] = number
            ids.append(deal_id)
            keep.append(position)
    body = [body[p] for p in keep]
    numbers = [numbers[p] for p in keep]

    values: dict[str, list[Any]] = {}
    for name in TEXT_FIELDS:
        texts = [
            " ".join(v.split()) if type(v) is str else "" if v is None else _plain(v)
            for v in _column(body, col.get(name))
        ]
        if texts and max(map(len, texts)) > NAME_LENGTH:
            for number, text in zip(numbers, texts, strict=True):
                if len(text) > NAME_LENGTH:
                    bad(number, name, f"{text[:40]!r}… is longer than {NAME_LENGTH} characters")
        values[name] = texts
    values["amount"], values["currency"] = _amounts(body, numbers, col, bad)
    orders: dict[str, list[tuple[int, str, Any]]] = {"DMY": [], "MDY": []}
    pending: list[tuple[int, str, Any, parsing.DateText]] = []
    for name in ("created_on", "close_date"):
        values[name] = _dates(body, numbers, col, name, date_format, bad, orders, pending)
    employees: list[int | None] = []
    for number, v in zip(numbers, _column(body, col.get("employees")), strict=True):
        if type(v) is float and v.is_integer() and v >= 0:
            employees.append(int(v))
            continue
        try:
            employees.append(parsing.parse_employees(v))
        except ValueError as error:
            bad(number, "employees", str(error))
            employees.append(None)
    values["employees"] = employees
    values["won"], values["closed"] = _won_and_closed(body, numbers, col, values["stage"], bad)
    values["source"] = [layout.source] * len(body)
    by_row = dict(zip(numbers, range(len(body)), strict=True))
    _settle_dates(values, by_row, pending, orders, where, layout, found)
    deals = dict(zip(ids, zip(*(values[f] for f in STORED), strict=True), strict=True))
    problems = [message for *_, message in sorted(found, key=lambda p: (p[0], p[1]))]
    notes = []
    if layout.ignored:
        notes.append(f"Columns not used: {', '.join(layout.ignored)}.")
    if not deals and not problems:
        problems.append(f"{where}: no deals below the header row")
    return CheckedExport(filename, layout, deals, tuple(problems), tuple(notes))


def _amounts(
    body: list[list[Any]], numbers: list[int], col: Mapping[str, int], bad: Any
) -> tuple[list[float | None], list[str]]:
    amounts: list[float | None] = []
    currencies: list[str] = []
    codes = _column(body, col.get("currency"))
    for number, v, code_cell in zip(numbers, _column(body, col.get("amount")), codes, strict=True):
        code = "" if _blank(code_cell) else str(code_cell).strip().upper()
        if code and (len(code) != 3 or not code.isalpha()):
            bad(number, "currency", f"{code_cell!r} is not a currency code")
            code = ""
        if type(v) is float or type(v) is int:
            amounts.append(float(v))
            currencies.append(code)
            continue
        try:
            amount = parsing.parse_amount(v)
        except ValueError as error:
            bad(number, "amount", str(error))
            amount = None
        if amount is not None and amount.currency and code and amount.currency != code:
            bad(number, "amount", f"{v!r} is in {amount.currency} but the currency column says "
                f"{code}")  # fmt: skip
        amounts.append(amount.value if amount else None)
        currencies.append((amount.currency if amount else "") or code)
    return amounts, currencies


def _dates(
    body: list[list[Any]],
    numbers: list[int],
    col: Mapping[str, int],
    name: str,
    date_format: str | None,
    bad: Any,
    orders: dict[str, list[tuple[int, str, Any]]],
    pending: list[tuple[int, str, Any, parsing.DateText]],
) -> list[dt.date | None]:
    found: list[dt.date | None] = []
    for number, v in zip(numbers, _column(body, col.get(name)), strict=True):
        if type(v) is dt.datetime:
            found.append(v.date())
            continue
        try:
            if date_format:
                found.append(parsing.date_with_format(v, date_format))
                continue
            text = parsing.read_date(v)
        except ValueError as error:
            bad(number, name, str(error))
            found.append(None)
            continue
        found.append(text.date)
        if text.ambiguous is not None:
            pending.append((number, name, v, text))
        elif text.order in orders:
            orders[text.order].append((number, name, v))
    return found


def _text_id(raw: Any) -> str:
    """An id as text: 12345.0 from a spreadsheet number is '12345'."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return " ".join(str(raw).split())


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).replace("\x00", "").split())


def _flags(
    body: list[list[Any]], numbers: list[int], col: Mapping[str, int], name: str, bad: Any
) -> list[bool | None]:
    found: list[bool | None] = []
    for number, v in zip(numbers, _column(body, col.get(name)), strict=True):
        if type(v) is bool:
            found.append(v)
            continue
        try:
            found.append(parsing.parse_flag(v))
        except ValueError as error:
            bad(number, name, str(error))
            found.append(None)
    return found


def _won_and_closed(
    body: list[list[Any]], numbers: list[int], col: Mapping[str, int], stages: list[str], bad: Any
) -> tuple[list[bool], list[bool]]:
    """Won and Closed as the export says, else from the stage (Closed Won, closedlost, ...)."""
    won_cells = _flags(body, numbers, col, "won", bad)
    closed_cells = _flags(body, numbers, col, "closed", bad)
    won: list[bool] = []
    closed: list[bool] = []
    for number, w, c, stage in zip(numbers, won_cells, closed_cells, stages, strict=True):
        if w is None or c is None:
            stage_key = key(stage)
            if w is None:
                w = stage_key in WON_STAGES
            if c is None:
                c = w or stage_key in LOST_STAGES or stage_key.startswith("closed")
        if w and not c:
            bad(number, "closed", "the deal is marked won but not closed")
        won.append(w)
        closed.append(c)
    return won, closed


def _settle_dates(
    values: dict[str, list[Any]],
    by_row: dict[int, int],
    pending: list[tuple[int, str, Any, parsing.DateText]],
    orders: dict[str, list[tuple[int, str, Any]]],
    where: str,
    layout: Layout,
    found: list[tuple[int, int, str]],
) -> None:
    """Day-first or month-first, from the dates that say so; ambiguity is reported."""

    def bad(number: int, name: str, message: str) -> None:
        found.append(
            (
                number,
                layout.columns[name],
                f"{where}, row {number}, column {layout.header_of(name)}: {message}",
            )
        )

    day_first, month_first = orders["DMY"], orders["MDY"]
    if day_first and month_first:
        fewer = day_first if len(day_first) < len(month_first) else month_first
        other = "month-first (12/31/2026)" if fewer is day_first else "day-first (31/12/2026)"
        for number, name, value in fewer:
            bad(number, name, f"{value!r} cannot be read like the file's other dates, which "
                f"are {other}; give --date-format")  # fmt: skip
        return
    order = "DMY" if day_first else "MDY" if month_first else ""
    for number, name, value, text in pending:
        if order:
            if number in by_row:
                values[name][by_row[number]] = parsing.settle_date(text, order)
            continue
        bad(number, name, f"{value!r} could be day-first or month-first and no date in the "
            "file settles it; give --date-format DMY or MDY")  # fmt: skip


def plan(conn: Connection, checked: CheckedExport) -> DealImport:
    """Which deals of a checked export are new, which differ from what is stored."""
    assert checked.layout is not None
    result = DealImport(
        checked.filename, checked.layout.label, len(checked.deals), notes=checked.notes
    )
    stored = _stored(conn, list(checked.deals))
    for deal_id, deal in checked.deals.items():
        before = stored.get(deal_id)
        if before is None:
            result.added.append(deal_id)
        elif before != deal:
            result.changed.append(deal_id)
        else:
            result.unchanged += 1
    return result


def _stored(conn: Connection, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """The stored fields of these deals (of every deal, when the file is large)."""
    query = select(Deal.id, *(getattr(Deal, f) for f in STORED))
    if len(ids) <= SELECT_IN_LIMIT:
        query = query.where(Deal.id.in_(ids))
    return {row[0]: tuple(row[1:]) for row in conn.execute(query)}


def import_deals(
    engine: Engine,
    data: bytes,
    filename: str,
    *,
    actor: Actor,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    now: dt.datetime | None = None,
) -> DealImport:
    """Check the whole export, then (unless `dry_run`) upsert its deals in one transaction.

    Raises `DealImportError` listing every problem; nothing is written then.
    """
    ensure(actor, "import")
    checked = check_export(data, filename, mapping=mapping, date_format=date_format)
    if not checked.ok:
        count = len(checked.problems)
        raise DealImportError(
            f"{filename}: {count} problem{'s' if count != 1 else ''}; nothing was imported",
            checked.problems,
        )
    return write(engine, checked, dry_run=dry_run, now=now)


def write(
    engine: Engine, checked: CheckedExport, *, dry_run: bool = False, now: dt.datetime | None = None
) -> DealImport:
    """Upsert a checked export's new and changed deals, all in one transaction."""
    if dry_run:
        with engine.connect() as conn:
            return plan(conn, checked)
    stamp = now or dt.datetime.now()

    columns = ("id", *STORED, "imported_at")
    with db.unit_of_work(engine) as session:
        # Planned under the lock, so a second import of the same file waits and adds nothing.
        conn = session.connection()
        db.lock_library(conn)
        result = plan(conn, checked)
        for ids, key in ((result.added, None), (result.changed, "id")):
            rows = [(i, *checked.deals[i], stamp) for i in ids]
            db.write_rows(conn, DEALS, columns, rows, key=key)
        if result.added or result.changed:
            deals_changed(session)
    result.written = bool(result.added or result.changed)
    return result


def deal_counts(engine: Engine) -> Counter[str]:
    """How many deals are stored, by open / won / lost."""
    with engine.connect() as conn:
        rows = conn.execute(select(Deal.closed, Deal.won)).all()
    return Counter("won" if w else "lost" if c else "open" for c, w in rows)


@dataclass(frozen=True)
class DealPreview:
    """What the Manage page shows for an uploaded export before anything is written."""

    problems: tuple[str, ...]
    plan: DealImport | None = None


def preview(
    engine: Engine,
    data: bytes,
    filename: str,
    *,
    mapping_text: str = "",
    date_format: str | None = None,
) -> DealPreview:
    """Check an uploaded export and say what importing it would do (a dry run); a bad
    mapping or date format is a problem like any other. Kept until the deals change, so the
    page's other reruns do not check a large file again."""
    digest = hashlib.sha256(data).hexdigest()
    return kept(
        engine,
        f"deals preview {digest} {filename!r} {mapping_text!r} {date_format!r}",
        lambda: _preview(engine, data, filename, mapping_text, date_format),
    )


def _preview(
    engine: Engine, data: bytes, filename: str, mapping_text: str, date_format: str | None
) -> DealPreview:
    from lib.deals.formats import parse_mapping

    try:
        mapping = parse_mapping([mapping_text]) if mapping_text.strip() else {}
        fmt = parsing.parse_date_format(date_format) if date_format else None
    except ValueError as error:
        return DealPreview((str(error),))
    checked = check_export(data, filename, mapping=mapping, date_format=fmt)
    if not checked.ok:
        return DealPreview(checked.problems)
    return DealPreview((), write(engine, checked, dry_run=True))
