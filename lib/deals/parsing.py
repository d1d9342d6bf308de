"""Reading one cell of a CRM export: amounts, dates, yes/no flags and head counts.

CRM exports write numbers and dates in the exporting person's locale, so a value is read the
way a person would read it ("USD 12,000.00", "€12.000,00", "31.12.2026") and refused when it
cannot be read for sure. Each function raises `ValueError` with a message that quotes the value;
the importer adds the row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

# Symbols CRMs put before or after an amount, and the currency each means.
SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "A$": "AUD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "kr": "SEK",
}
_CODE = re.compile(r"^([A-Z]{3})\s*(.*)$|^(.*?)\s*([A-Z]{3})$")
# Spaces of every kind and the apostrophe (Swiss "1'000") group thousands.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel day numbers of 1950-01-01 and 2100-01-01: a bare number outside is not a date.
EXCEL_DAYS = (18264, 73051)
DATE_ORDERS = ("DMY", "MDY", "YMD")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "won", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", ""})


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str = ""  # ISO code, "" when the cell says none


def parse_amount(raw: object) -> Amount | None:
    """An amount with an optional currency code or symbol; None for a blank cell.

    The decimal mark is the last of `.` and `,` when both appear; a single mark followed by
    exactly three digits groups thousands ("12,000", "12.000"), otherwise it is the decimal
    mark ("1,5"). Groups of thousands must have three digits.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not an amount")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise ValueError(f"{raw!r} is not an amount")
        return Amount(float(raw))
    text = str(raw).strip()
    currency = ""
    for symbol, code in SYMBOLS.items():
        if symbol in text:
            currency = code
            text = text.replace(symbol, " ", 1).strip()
            break
    found = _CODE.match(text)
    if found:
        code = found.group(1) or found.group(4)
        if currency and code != currency:
            raise ValueError(f"{raw!r} names two currencies")
        currency = code
        text = (found.group(2) if found.group(1) else found.group(3)).strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith("-"):
        negative, text = True, text[1:].strip()
    text = _GROUPING.sub("", text)
    number = _number(text)
    if number is None:
        raise ValueError(f"{raw!r} is not an amount (for example 12000, USD 12,000.00, €12.000,00)")
    return Amount(-number if negative else number, currency)


def _number(text: str) -> float | None:
    if not re.fullmatch(r"[0-9.,]+", text) or not re.search(r"[0-9]", text):
        return None
    marks = [c for c in text if c in ".,"]
    if not marks:
        return float(text)
    if len(set(marks)) == 2:
        decimal = marks[-1]
        group = "," if decimal == "." else "."
        if text.count(decimal) != 1:
            return None
        whole, fraction = text.split(decimal)
        return _grouped(whole, group, fraction)
    mark = marks[0]
    parts = text.split(mark)
    if len(parts) == 2 and len(parts[1]) != 3:
        return _grouped(parts[0], None, parts[1])  # "1,5", "12.50": a decimal mark
    return _grouped(text, mark, "")


def _grouped(whole: str, group: str | None, fraction: str) -> float | None:
    """`whole` with thousands grouped by `group` (first group 1-3 digits, then 3 each)."""
    if group:
        groups = whole.split(group)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            return None
        whole = "".join(groups)
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    return float(f"{whole}.{fraction}" if fraction else whole)


@dataclass(frozen=True)
class DateText:
    """A date cell as written: either read already, or the day-month order it needs."""

    date: dt.date | None
    ambiguous: tuple[int, int, int] | None = None  # (first, second, year): either order works
    order: str = ""  # "DMY" or "MDY" when the text itself settles it, "" otherwise


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?$")
_SLASHES = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}.*)?$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _date(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date") from None


def read_date(raw: object) -> DateText:
    """A date cell: an Excel date, an Excel day number, ISO (2026-12-31), European with dots
    (31.12.2026), or with slashes (12/31/2026 or 31/12/2026), whose order may be left open.

    `DateText.ambiguous` is set for slashes that read as a date either way (03/04/2026): the
    whole file, or `--date-format`, decides (see `settle_date`).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DateText(None)
    if isinstance(raw, dt.datetime):
        return DateText(raw.date())
    if isinstance(raw, dt.date):
        return DateText(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a date")
    if isinstance(raw, int | float):
        if not math.isfinite(raw) or not EXCEL_DAYS[0] <= raw < EXCEL_DAYS[1]:
            raise ValueError(f"{raw!r} is not a date")
        return DateText(EXCEL_EPOCH + dt.timedelta(days=int(raw)))
    text = str(raw).strip()
    if found := _ISO.match(text):
        return DateText(_date(int(found[1]), int(found[2]), int(found[3]), raw))
    if found := _DOTS.match(text):
        # Always day-first, but says nothing of how the file writes dates with slashes.
        return DateText(_date(_year(found[3]), int(found[2]), int(found[1]), raw))
    if found := _SLASHES.match(text):
        first, second, year = int(found[1]), int(found[2]), _year(found[3])
        if first > 12:
            return DateText(_date(year, second, first, raw), order="DMY")
        if second > 12:
            return DateText(_date(year, first, second, raw), order="MDY")
        if first == second:
            return DateText(_date(year, first, second, raw))
        _date(year, first, second, raw)  # both orders are real dates here (both <= 12)
        return DateText(None, ambiguous=(first, second, year))
    raise ValueError(f"{raw!r} is not a date (for example 2026-12-31, 12/31/2026 or 31.12.2026)")


def settle_date(text: DateText, order: str) -> dt.date | None:
    """The date of an ambiguous `text` in `order` ("DMY" or "MDY")."""
    if text.ambiguous is None:
        return text.date
    first, second, year = text.ambiguous
    return dt.date(year, second, first) if order == "DMY" else dt.date(year, first, second)


def parse_date_format(raw: str) -> str:
    """`--date-format`: DMY, MDY or YMD, or a strptime pattern (%d/%m/%Y)."""
    value = (raw or "").strip()
    if value.upper() in DATE_ORDERS:
        return value.upper()
    if "%" in value:
        try:
            dt.datetime.strptime(dt.date(2026, 12, 31).strftime(value), value)
        except ValueError:
            raise ValueError(f"--date-format {raw!r} is not a date pattern") from None
        return value
    raise ValueError(
        f"--date-format {raw!r}: use DMY (31/12/2026), MDY (12/31/2026), YMD, or a pattern "
        "such as %d/%m/%Y"
    )


def date_with_format(raw: object, pattern: str) -> dt.date | None:
    """A date cell read with an explicit `--date-format` (Excel dates stay Excel dates)."""
    if isinstance(raw, str) and "%" in pattern and raw.strip():
        try:
            return dt.datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            if _ISO.match(raw.strip()):  # ISO dates cannot be misread, whatever the pattern
                return read_date(raw).date
            raise ValueError(f"{raw!r} does not match the date format {pattern!r}") from None
    text = read_date(raw)
    if text.ambiguous is not None and pattern in ("DMY", "MDY"):
        return settle_date(text, pattern)
    if text.order and pattern in ("DMY", "MDY") and text.order != pattern:
        raise ValueError(f"{raw!r} cannot be a date in the order {pattern}")
    return text.date


def parse_flag(raw: object) -> bool | None:
    """A yes/no cell (true/false, yes/no, 1/0); None when blank."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not yes or no (true/false, 1/0)")


def parse_employees(raw: object) -> int | None:
    """A head count: a whole number, thousands grouped or not; None when blank."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number of employees")
    if isinstance(raw, int | float):
        if not math.isfinite(raw) or raw != int(raw) or raw < 0:
            raise ValueError(f"{raw!r} is not a number of employees")
        return int(raw)
    try:
        amount = parse_amount(raw)
    except ValueError:
        amount = None
    if amount is None or amount.currency or amount.value < 0 or amount.value != int(amount.value):
        raise ValueError(f"{raw!r} is not a number of employees (a whole number such as 420)")
    return int(amount.value)
