"""Deals in: check a whole CRM export, then upsert its deals by id, or write nothing.

The same standards as the library import: every bad cell is reported with its row, column
and value; one bad cell means nothing is written; a dry run says what would be added and
changed; a deal already stored as the file has it is left alone, so importing the same file
twice changes nothing the second time. Deals the file does not list are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    """A whole export, checked: the deals it holds, column by column, or what is wrong with it.

    Held as columns (field -> one value per deal, in the order of `ids`) because they are
    checked, compared with what is stored and written column by column: 100,000 deals never
    become 100,000 objects."""

    filename: str
    layout: Layout | None
    ids: tuple[str, ...]
    values: dict[str, list[Any]]  # each of `STORED` -> its value for each deal of `ids`
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def deal(self, deal_id: str) -> dict[str, Any]:
        index = self.ids.index(deal_id)
        return {name: self.values[name][index] for name in STORED}


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
        return CheckedExport(filename, None, (), {}, (str(error),))
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
        return CheckedExport(filename, None, (), {}, (f"{filename}: {first_error}",))
    return _check_rows(where, filename, layout, rows, date_format)


def _columns(body: list[list[Any]], indexes: Iterable[int]) -> dict[int, list[Any]]:
    """These columns of the body (a short row's missing cells read as blank)."""
    indexes = set(indexes)
    width = max(indexes, default=-1) + 1
    if body and min(map(len, body)) < width:  # a CSV's short rows
        body = [row + [None] * (width - len(row)) if len(row) < width else row for row in body]
    return {i: list(map(operator.itemgetter(i), body)) for i in indexes}


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _texts(values: Sequence[Any], other: Callable[[Any], str]) -> list[str]:
    """Each cell as tidy text (runs of whitespace as one space, none at the ends); `other` for
    cells that are not text. A column of text that is tidy already is checked in one pass."""
    try:
        joined = "\x00".join(values)  # NUL is not whitespace: the cells stay apart
    except TypeError:  # not all text
        return [" ".join(v.split()) if type(v) is str else other(v) for v in values]
    if " ".join(joined.split()) == joined and "\x00 " not in joined and " \x00" not in joined:
        return list(values)
    return [" ".join(v.split()) for v in values]


def _cell_text(value: Any) -> str:
    return "" if value is None else _plain(value)


def _check_rows(
    where: str, filename: str, layout: Layout, rows: list[list[Any]], date_format: str | None
) -> CheckedExport:
    """Every cell checked column by column (a spreadsheet number, date or yes/no is taken as
    it is; only text is parsed), every problem kept with its row and column. A column whose
    cells are all of one spreadsheet type is taken whole, without a look at each cell."""
    col = layout.columns
    found: list[tuple[int, int, str]] = []  # (row, column, message), sorted at the end

    def bad(number: int, field_name: str, message: str) -> None:
        header = layout.header_of(field_name) if field_name in col else field_name
        column = col.get(field_name, len(layout.headers))
        found.append((number, column, f"{where}, row {number}, column {header}: {message}"))

    body: list[list[Any]] = []
    numbers: list[int] = []  # the row as Excel (or a text editor) numbers it
    raw_ids: list[Any] = []
    id_col = col["id"]
    for index in range(layout.header_row + 1, len(rows)):
        row = rows[index]
        first = row[id_col] if id_col < len(row) else None
        if (first is None or first == "") and all(_blank(c) for c in row):
            continue
        body.append(row)
        numbers.append(index + 1)
        raw_ids.append(first)

    ids = _texts(raw_ids, _text_id)
    if not all(ids) or max(map(len, ids), default=0) > ID_LENGTH or len(set(ids)) != len(ids):
        ids, body, numbers = _unique_ids(body, numbers, id_col, ids, bad)
    cells = _columns(body, col.values())

    def column(name: str) -> Sequence[Any]:
        return cells[col[name]] if name in col else [None] * len(body)

    values: dict[str, list[Any]] = {}
    for name in TEXT_FIELDS:
        texts = _texts(column(name), _cell_text)
        if texts and max(map(len, texts)) > NAME_LENGTH:
            for number, text in zip(numbers, texts, strict=True):
                if len(text) > NAME_LENGTH:
                    bad(number, name, f"{text[:40]!r}… is longer than {NAME_LENGTH} characters")
        values[name] = texts
    values["amount"], values["currency"] = _amounts(
        numbers, column("amount"), column("currency") if "currency" in col else None, bad
    )
    orders: dict[str, list[tuple[int, str, Any]]] = {"DMY": [], "MDY": []}
    pending: list[tuple[int, str, Any, parsing.DateText]] = []
    for name in ("created_on", "close_date"):
        values[name] = _dates(numbers, column(name), name, date_format, bad, orders, pending)
    values["employees"] = _employees(numbers, column("employees"), bad)
    values["won"], values["closed"] = _won_and_closed(
        numbers, column("won"), column("closed"), values["stage"], bad
    )
    values["source"] = [layout.source] * len(body)
    _settle_dates(values, numbers, pending, orders, where, layout, found)
    problems = [message for *_, message in sorted(found, key=lambda p: (p[0], p[1]))]
    notes = []
    if layout.ignored:
        notes.append(f"Columns not used: {', '.join(layout.ignored)}.")
    if not ids and not problems:
        problems.append(f"{where}: no deals below the header row")
    return CheckedExport(filename, layout, tuple(ids), values, tuple(problems), tuple(notes))


def _unique_ids(
    body: list[list[Any]], numbers: list[int], id_col: int, ids: list[str], bad: Any
) -> tuple[list[str], list[list[Any]], list[int]]:
    """The rows with a usable id seen for the first time; every other one reported."""
    kept_ids: list[str] = []
    keep: list[int] = []  # positions in `body` of rows with a usable, unique id
    first_row: dict[str, int] = {}
    for position, deal_id in enumerate(ids):
        number = numbers[position]
        if not deal_id:
            bad(number, "id", "every deal needs its id")
        elif len(deal_id) > ID_LENGTH:
            row = body[position]
            raw = row[id_col] if id_col < len(row) else None
            bad(number, "id", f"{raw!r}: an id is at most {ID_LENGTH} characters")
        elif deal_id in first_row:
            bad(number, "id", f"{deal_id!r} is also on row {first_row[deal_id]}")
        else:
            first_row[deal_id] = number
            kept_ids.append(deal_id)
            keep.append(position)
    return kept_ids, [body[p] for p in keep], [numbers[p] for p in keep]


def _kinds(values: Sequence[Any]) -> set[type]:
    return set(map(type, values))


def _employees(numbers: list[int], cells: Sequence[Any], bad: Any) -> list[int | None]:
    if _kinds(cells) <= {float, int}:
        try:
            whole = list(map(int, cells))
        except (ValueError, OverflowError):  # NaN or infinity: reported below
            whole = []
        if whole and all(map(operator.eq, whole, cells)) and min(whole) >= 0:
            return whole
    employees: list[int | None] = []
    for number, v in zip(numbers, cells, strict=True):
        if type(v) is float and v.is_integer() and v >= 0:
            employees.append(int(v))
            continue
        try:
            employees.append(parsing.parse_employees(v))
        except ValueError as error:
            bad(number, "employees", str(error))
            employees.append(None)
    return employees


def _amounts(
    numbers: list[int], cells: Sequence[Any], codes: Sequence[Any] | None, bad: Any
) -> tuple[list[float | None], list[str]]:
    if codes is None and _kinds(cells) <= {float, int}:
        return list(map(float, cells)), [""] * len(cells)
    amounts: list[float | None] = []
    currencies: list[str] = []
    for number, v, code_cell in zip(numbers, cells, codes or [None] * len(cells), strict=True):
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
    numbers: list[int],
    cells: Sequence[Any],
    name: str,
    date_format: str | None,
    bad: Any,
    orders: dict[str, list[tuple[int, str, Any]]],
    pending: list[tuple[int, str, Any, parsing.DateText]],
) -> list[dt.date | None]:
    kinds = _kinds(cells)
    if kinds <= {dt.date}:  # spreadsheet dates, whatever the format: taken as they are
        return list(cells)
    if kinds <= {dt.date, dt.datetime}:
        return [v.date() if type(v) is dt.datetime else v for v in cells]
    found: list[dt.date | None] = []
    for number, v in zip(numbers, cells, strict=True):
        if type(v) is dt.datetime:
            found.append(v.date())
            continue
        if type(v) is dt.date:
            found.append(v)
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


def _flags(numbers: list[int], cells: Sequence[Any], name: str, bad: Any) -> list[bool | None]:
    kinds = _kinds(cells)
    if kinds <= {bool} or kinds == {type(None)}:
        return list(cells)
    found: list[bool | None] = []
    for number, v in zip(numbers, cells, strict=True):
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
    numbers: list[int],
    won_column: Sequence[Any],
    closed_column: Sequence[Any],
    stages: list[str],
    bad: Any,
) -> tuple[list[bool], list[bool]]:
    """Won and Closed as the export says, else from the stage (Closed Won, closedlost, ...)."""
    won_cells = _flags(numbers, won_column, "won", bad)
    closed_cells = _flags(numbers, closed_column, "closed", bad)
    if None not in won_cells and None not in closed_cells:  # both said on every row
        won, closed = won_cells, closed_cells
    else:
        won, closed = [], []
        for w, c, stage in zip(won_cells, closed_cells, stages, strict=True):
            if w is None or c is None:
                stage_key = key(stage)
                if w is None:
                    w = stage_key in WON_STAGES
                if c is None:
                    c = w or stage_key in LOST_STAGES or stage_key.startswith("closed")
            won.append(w)
            closed.append(c)
    for number, w, c in zip(numbers, won, closed, strict=True):
        if w and not c:
            bad(number, "closed", "the deal is marked won but not closed")
    return won, closed  # type: ignore[return-value]


def _settle_dates(
    values: dict[str, list[Any]],
    numbers: list[int],
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
    by_row = dict(zip(numbers, range(len(numbers)), strict=True)) if pending else {}
    for number, name, value, text in pending:
        if order:
            if number in by_row:
                values[name][by_row[number]] = parsing.settle_date(text, order)
            continue
        bad(number, name, f"{value!r} could be day-first or month-first and no date in the "
            "file settles it; give --date-format DMY or MDY")  # fmt: skip


def plan(conn: Connection, checked: CheckedExport) -> DealImport:
    """Which deals of a checked export are new, which differ from what is stored."""
    return _plan(conn, checked)[0]


def _plan(
    conn: Connection, checked: CheckedExport
) -> tuple[DealImport, dict[str, Sequence[Any]], list[int], list[int]]:
    """The plan, the export's columns as the driver binds them, and the positions of the added
    and the changed deals. Deals are compared as the driver stores them (dates as text on
    SQLite), so 100,000 stored deals are compared without converting a value of theirs."""
    assert checked.layout is not None
    result = DealImport(
        checked.filename, checked.layout.label, len(checked.ids), notes=checked.notes
    )
    columns: dict[str, Sequence[Any]] = {"id": checked.ids}
    for name in STORED:
        columns[name] = db.driver_values(conn, checked.values[name])
    stored = _stored(conn, checked.ids)
    same = set(stored)
    rows = zip(*(columns[f] for f in ("id", *STORED)), strict=True)
    differ = [position for position, row in enumerate(rows) if row not in same]
    added: list[int] = []
    changed: list[int] = []
    if differ:
        known = {row[0] for row in stored}
        for position in differ:
            (changed if checked.ids[position] in known else added).append(position)
    result.added = [checked.ids[p] for p in added]
    result.changed = [checked.ids[p] for p in changed]
    result.unchanged = len(checked.ids) - len(added) - len(changed)
    return result, columns, added, changed


def _stored(conn: Connection, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The stored fields of these deals (of every deal, when the file is large)."""
    return db.driver_rows(
        conn,
        DEALS,
        ("id", *STORED),
        where_in=("id", ids) if len(ids) <= SELECT_IN_LIMIT else None,
    )


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

    with db.unit_of_work(engine) as session:
        # Planned under the lock, so a second import of the same file waits and adds nothing.
        conn = session.connection()
        db.lock_library(conn)
        result, columns, added, changed = _plan(conn, checked)
        imported_at = db.driver_values(conn, [stamp])
        for positions, key in ((added, None), (changed, "id")):
            if len(positions) == len(checked.ids):  # every deal: the columns as they are
                rows = dict(columns)
            else:
                rows = {n: [c[p] for p in positions] for n, c in columns.items()}
            rows["imported_at"] = list(imported_at) * len(positions)
            db.write_columns(conn, DEALS, rows, key=key)
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
