"""Deals in: check a whole CRM export, then upsert its deals by id, or write nothing.

The same standards as the library import: every bad cell is reported with its row, column
and value; one bad cell means nothing is written; a dry run says what would be added and
changed; a deal already stored as the file has it is left alone, so importing the same file
twice changes nothing the second time. Deals the file does not list are kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from lib.core import db
from lib.core.access import Actor, ensure
from lib.core.limits import NAME_LENGTH
from lib.core.models import Deal
from lib.deals import parsing
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
    deals: dict[str, dict[str, Any]]
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


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


def _cell(row: Sequence[Any], column: int | None) -> Any:
    if column is None or column >= len(row):
        return None
    value = row[column]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_rows(
    where: str, filename: str, layout: Layout, rows: list[list[Any]], date_format: str | None
) -> CheckedExport:
    problems: list[str] = []
    col = layout.columns
    deals: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    pending_dates: list[tuple[int, str, Any, parsing.DateText]] = []
    orders: dict[str, list[tuple[int, str, Any]]] = {"DMY": [], "MDY": []}

    def bad(row_number: int, field_name: str, value: Any, message: str) -> None:
        header = layout.header_of(field_name) if field_name in col else field_name
        problems.append(f"{where}, row {row_number}, column {header}: {message}")

    for index in range(layout.header_row + 1, len(rows)):
        row = rows[index]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        number = index + 1  # the row as Excel (or a text editor) numbers it
        deal: dict[str, Any] = {"source": layout.source}
        raw_id = _cell(row, col["id"])
        deal_id = _text_id(raw_id)
        if not deal_id:
            bad(number, "id", raw_id, "every deal needs its id")
            continue
        if len(deal_id) > ID_LENGTH:
            bad(number, "id", raw_id, f"an id is at most {ID_LENGTH} characters")
            continue
        if deal_id in deals:
            bad(number, "id", raw_id, f"{deal_id!r} is also on row {first_row[deal_id]}")
            continue
        for name in TEXT_FIELDS:
            value = _cell(row, col.get(name))
            text = "" if value is None else _plain(value)
            if len(text) > NAME_LENGTH:
                bad(number, name, value, f"longer than {NAME_LENGTH} characters")
            deal[name] = text
        try:
            amount = parsing.parse_amount(_cell(row, col.get("amount")))
        except ValueError as error:
            bad(number, "amount", None, str(error))
            amount = None
        currency_cell = _cell(row, col.get("currency"))
        currency = str(currency_cell).strip().upper() if currency_cell is not None else ""
        if currency and (len(currency) != 3 or not currency.isalpha()):
            bad(number, "currency", currency_cell, f"{currency_cell!r} is not a currency code")
            currency = ""
        if amount is not None and amount.currency and currency and amount.currency != currency:
            bad(
                number,
                "amount",
                None,
                f"the amount is in {amount.currency} but the currency column says {currency}",
            )
        deal["amount"] = amount.value if amount else None
        deal["currency"] = (amount.currency if amount else "") or currency
        for name in ("created_on", "close_date"):
            value = _cell(row, col.get(name))
            try:
                if date_format:
                    deal[name] = parsing.date_with_format(value, date_format)
                    continue
                text_date = parsing.read_date(value)
            except ValueError as error:
                bad(number, name, value, str(error))
                deal[name] = None
                continue
            deal[name] = text_date.date
            if text_date.ambiguous is not None:
                pending_dates.append((number, name, value, text_date))
            elif text_date.order in orders:
                orders[text_date.order].append((number, name, value))
        try:
            employees = parsing.parse_employees(_cell(row, col.get("employees")))
        except ValueError as error:
            bad(number, "employees", None, str(error))
            employees = None
        deal["employees"] = employees
        won, closed = _won_and_closed(row, col, deal["stage"], number, bad)
        deal["won"], deal["closed"] = won, closed
        deals[deal_id] = deal
        first_row[deal_id] = number
    _settle_dates(deals, first_row, pending_dates, orders, where, layout, problems)
    notes = []
    if layout.ignored:
        notes.append(f"Columns not used: {', '.join(layout.ignored)}.")
    if not deals and not problems:
        problems.append(f"{where}: no deals below the header row")
    return CheckedExport(filename, layout, deals, tuple(problems), tuple(notes))


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


def _won_and_closed(
    row: Sequence[Any], col: Mapping[str, int], stage: str, number: int, bad: Any
) -> tuple[bool, bool]:
    stage_key = key(stage)
    won: bool | None = None
    closed: bool | None = None
    for name in ("won", "closed"):
        value = _cell(row, col.get(name))
        try:
            flag = parsing.parse_flag(value)
        except ValueError as error:
            bad(number, name, value, str(error))
            flag = None
        if name == "won":
            won = flag
        else:
            closed = flag
    if won is None:
        won = stage_key in WON_STAGES
    if closed is None:
        closed = won or stage_key in LOST_STAGES or stage_key.startswith("closed")
    if won and not closed:
        bad(number, "closed", None, "the deal is marked won but not closed")
    return won, closed


def _settle_dates(
    deals: dict[str, dict[str, Any]],
    first_row: dict[str, int],
    pending: list[tuple[int, str, Any, parsing.DateText]],
    orders: dict[str, list[tuple[int, str, Any]]],
    where: str,
    layout: Layout,
    problems: list[str],
) -> None:
    """Day-first or month-first, from the dates that say so; ambiguity is reported."""
    day_first, month_first = orders["DMY"], orders["MDY"]
    if day_first and month_first:
        fewer = day_first if len(day_first) < len(month_first) else month_first
        other = "month-first (12/31/2026)" if fewer is day_first else "day-first (31/12/2026)"
        for number, name, value in fewer:
            problems.append(
                f"{where}, row {number}, column {layout.header_of(name)}: {value!r} cannot be "
                f"read like the file's other dates, which are {other}; give --date-format"
            )
        return
    order = "DMY" if day_first else "MDY" if month_first else ""
    by_row = {number: deal_id for deal_id, number in first_row.items()}
    for number, name, value, text in pending:
        if order:
            deal_id = by_row.get(number)
            if deal_id is not None:
                deals[deal_id][name] = parsing.settle_date(text, order)
            continue
        problems.append(
            f"{where}, row {number}, column {layout.header_of(name)}: {value!r} could be "
            "day-first or month-first and no date in the file settles it; give --date-format "
            "DMY or MDY"
        )


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
        elif before != tuple(deal[f] for f in STORED):
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

    def values(deal_id: str) -> dict[str, Any]:
        return {"id": deal_id, **checked.deals[deal_id], "imported_at": stamp}

    with db.unit_of_work(engine) as session:
        # Planned under the lock, so a second import of the same file waits and adds nothing.
        db.lock_library(session.connection())
        result = plan(session.connection(), checked)
        if result.added:
            session.execute(insert(Deal), [values(i) for i in result.added])
        if result.changed:
            session.execute(update(Deal), [values(i) for i in result.changed])
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
    mapping or date format is a problem like any other."""
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
