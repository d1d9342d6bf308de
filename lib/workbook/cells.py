"""Reading and writing single cells by the kinds of `lib.workbook.sheets` (text, list, steps, ...).

Readers take what the spreadsheet reader gives (text, a float, a date, ...) and return the value
as the database holds it, or raise `CellError` with a message that quotes the value. Writers do
the reverse, so that reading what was written gives back the same value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from lib.core import checks
from lib.core import steps as labels
from lib.core.cell_text import (  # noqa: F401  (the writers: read and write in one place)
    EXTENSION_START,
    write_extensions,
    write_list,
    write_steps,
)
from lib.core.numbers import NumberProblem, parse_number
from lib.core.vocab import EXTENSION_KINDS
from lib.workbook.problems import CellError

_STEP_NUMBER = re.compile(r"^\s*\d+\s*[.)]\s*")
_EXTENSION = re.compile(
    rf"^\s*(?P<step>{labels.LABEL})\s*[.):]?\s+(?:\[(?P<kind>[^\]]*)\]\s*)?(?P<rest>.*)$",
    re.DOTALL,
)
_CONDITION_END = re.compile(r":(?:\s+|$)")


def key(text: str) -> str:
    """A name reduced to what a person means: no case, spaces, underscores or dashes."""
    return re.sub(r"[\s_\-]+", "", str(text)).lower()


def shown(value: Any) -> str:
    """A cell value as quoted in a problem message."""
    return repr(as_text(value)) if value is not None else "''"


def as_text(raw: Any) -> str:
    """Any cell as trimmed text; whole numbers lose their `.0`, dates become ISO text."""
    if raw is None:
        return ""
    if type(raw) is str:
        return raw.strip()
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def read_text(raw: Any) -> str:
    if type(raw) is str:
        return raw.strip()
    return as_text(raw)


def read_optional_text(raw: Any) -> str | None:
    """Text for a nullable column (an optional reference): blank means none."""
    return read_text(raw) or None


def _items(raw: Any) -> list[str]:
    if type(raw) is not str:
        raw = as_text(raw)
    parts = raw.splitlines() if "\n" in raw or "\r" in raw else raw.split(";")
    return [p for p in map(str.strip, parts) if p]


def read_list(raw: Any) -> list[str]:
    """One item per line, or `;`-separated when the cell has no line breaks."""
    if not raw:
        return []
    return _items(raw)


def read_set(raw: Any) -> list[str]:
    """A list of references: order and repeats carry no meaning, so sorted and unique."""
    if not raw:
        return []
    return sorted(set(_items(raw)))


def read_steps(raw: Any) -> list[str]:
    """Numbered lines; the numbers are dropped because line order is step order."""
    if not raw:
        return []
    text = raw if type(raw) is str else as_text(raw)
    steps = []
    for line in text.splitlines():
        line = _STEP_NUMBER.sub("", line, count=1).strip()
        if line:
            steps.append(line)
    return steps


def read_extensions(raw: Any) -> list[dict[str, Any]]:
    """Lines like `3a. [exception] Card declined: pick another card; retry`."""
    if not raw:
        return []
    text = raw if type(raw) is str else as_text(raw)
    lines = list(filter(None, map(str.strip, text.splitlines())))
    if len(lines) == 1 and "\n" not in text and "\r" not in text:
        lines = EXTENSION_START.split(lines[0])
    extensions = []
    for line in lines:
        match = _EXTENSION.match(line)
        if not match:
            raise CellError(
                f"{line!r} does not start with the step it branches from, "
                "like '3a. Card declined: the shopper picks another card'"
            )
        kind = (match["kind"] or "alternate").strip().lower()
        if kind not in EXTENSION_KINDS and (wrong := checks.not_one_of(kind, EXTENSION_KINDS)):
            raise CellError(f"extension {labels.normal(match['step'])}: {wrong}")
        rest = match["rest"].strip()
        split = _CONDITION_END.search(rest)
        if split:
            condition, handling = rest[: split.start()], rest[split.end() :]
        else:
            condition, handling = rest, ""
        extensions.append(
            {
                "step": labels.normal(match["step"]),
                "kind": kind,
                "condition": condition.strip(),
                "steps": labels.handling_steps(handling),
            }
        )
    return extensions


def read_date(raw: Any) -> dt.date | None:
    """A real date cell, or ISO text such as `2026-03-31`."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if type(raw) is str:
        text = raw.strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text).date()
            except ValueError:
                pass
    raise CellError(f"{shown(raw)} is not a date; use a date cell or ISO text like 2026-03-31")


def read_number(raw: Any) -> float | None:
    """A finite number; blank means unknown (the rule is `lib.core.numbers`, the editor's too)."""
    if (raw is not None and not isinstance(raw, (int, float, str))) or isinstance(raw, bool):
        raise CellError(f"{shown(raw)} is not a number")
    try:
        return parse_number(raw)
    except NumberProblem as problem:
        raise CellError(str(problem)) from None


def read_count(raw: Any) -> int | None:
    """A whole number of 0 or more (a head count); blank means none."""
    value = read_number(raw)
    if value is None:
        return None
    if value < 0 or value != int(value):
        raise CellError(f"{shown(raw)} is not a whole number of 0 or more, like 200")
    return int(value)


def choice_reader(choices: Sequence[str]) -> Callable[[Any], str]:
    """A reader accepting one of `choices`, however it is capitalised or spaced."""
    by_key = {key(c): c for c in choices}

    def read_choice(raw: Any) -> str:
        text = read_text(raw)
        if not text:
            return ""
        found = by_key.get(key(text))
        if found is None:
            raise CellError(checks.not_one_of(text, choices) or text)
        return found

    return read_choice


def choices_reader(choices: Sequence[str]) -> Callable[[Any], list[str]]:
    """A reader of a list whose items are each one of `choices` (a scope: "sales; web"),
    however capitalised or spaced; the items come back once each, in the order of `choices`."""
    read_choice = choice_reader(choices)
    exact = frozenset(choices)

    def read_choices(raw: Any) -> list[str]:
        if not raw:
            return []
        items = _items(raw)
        picked = set(items) if exact.issuperset(items) else {read_choice(i) for i in items}
        return [c for c in choices if c in picked]

    return read_choices


# --- whole columns -----------------------------------------------------------------------
# The import reads a column of text cells in one pass: what these return is, cell for cell,
# what the reader above gives (tests/test_column_readers.py holds them to it), without a
# Python call per cell.


def read_list_column(raw: list[str], *, unique: bool = False) -> list[list[str]]:
    """`read_list` (`read_set` when `unique`) of every cell of a column of text.

    A column without a line break or `;` anywhere holds one item per non-blank cell: one
    search of the joined column settles it.
    """
    joined = "".join(raw)
    if ";" not in joined and "\n" not in joined and "\r" not in joined:
        return [[text] if (text := value.strip()) else [] for value in raw]
    strip = str.strip
    if unique:
        return [
            sorted(set(filter(None, map(strip, _parts(value))))) if value else [] for value in raw
        ]
    return [list(filter(None, map(strip, _parts(value)))) if value else [] for value in raw]


def _parts(text: str) -> list[str]:
    """The raw items of a list cell, as `_items` splits it (before trimming)."""
    return text.splitlines() if "\n" in text or "\r" in text else text.split(";")
