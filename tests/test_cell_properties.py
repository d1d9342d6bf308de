"""Properties of the cell readers and writers, for any value hypothesis can think of.

Each reader either returns a value of its kind or raises `CellError` (which the import turns
into a problem naming the cell); nothing else. What a writer writes reads back the same.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lib.core.vocab import EXTENSION_KINDS
from lib.workbook import cells
from lib.workbook.problems import CellError

# Text a person types into one line of a cell: no line breaks of any kind (str.splitlines
# also breaks on \v, \f, \x1c-\x1e, \x85, U+2028 and U+2029), no surrogates.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
line_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS), max_size=40
).map(str.strip)
item = line_text.filter(bool)
any_cell = st.one_of(
    st.none(),
    st.text(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


# --- numbers ------------------------------------------------------------------------------


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_finite_number_reads_as_itself_from_a_cell_and_from_its_text(value: float) -> None:
    assert cells.read_number(value) == value
    assert cells.read_number(repr(value)) == value
    assert cells.read_number(f" {value!r} ") == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_read_as_numbers(value: int) -> None:
    assert cells.read_number(value) == value
    assert cells.read_number(str(value)) == value


@given(st.sampled_from([math.nan, math.inf, -math.inf, "nan", "inf", "-Infinity", "NaN"]))
def test_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(CellError, match=r"is not a (finite )?number"):
        cells.read_number(value)


@given(any_cell)
def test_read_number_gives_a_finite_number_none_or_a_cell_error(raw: object) -> None:
    try:
        value = cells.read_number(raw)
    except CellError:
        return
    assert value is None or (isinstance(value, float) and math.isfinite(value))


# --- dates --------------------------------------------------------------------------------


@given(st.dates())
def test_a_date_reads_as_itself_from_a_cell_from_a_datetime_and_from_iso_text(
    day: dt.date,
) -> None:
    assert cells.read_date(day) == day
    assert cells.read_date(dt.datetime.combine(day, dt.time(13, 5))) == day
    assert cells.read_date(day.isoformat()) == day
    assert cells.read_date(f"  {day.isoformat()} ") == day


@given(any_cell)
def test_read_date_gives_a_date_none_or_a_cell_error(raw: object) -> None:
    try:
        value = cells.read_date(raw)
    except CellError as error:
        assert "is not a date" in str(error)
        return
    assert value is None or type(value) is dt.date


# --- lists and steps ------------------------------------------------------------------------


@given(st.lists(item, max_size=8))
@example([";"])
@example(["a; b"])
@example(["a", "b;c"])
def test_a_written_list_reads_back_the_same(items: list[str]) -> None:
    assert cells.read_list(cells.write_list(items)) == items


@given(st.lists(item, max_size=8))
def test_a_set_reads_sorted_and_unique(items: list[str]) -> None:
    assert cells.read_set(cells.write_list(items)) == sorted(set(items))


@given(any_cell)
def test_list_items_are_never_blank_and_never_padded(raw: object) -> None:
    for value in cells.read_list(raw):
        assert value and value == value.strip()


@given(st.lists(item, max_size=8))
@example(["1. looks numbered", "2) also"])
def test_written_steps_read_back_the_same(steps: list[str]) -> None:
    assert cells.read_steps(cells.write_steps(steps)) == steps


# --- extensions ------------------------------------------------------------------------------

# Every extension has a condition; it ends at the first ': ' (or a ':' at the end), and
# handling steps are split on ';'.
condition = item.filter(lambda t: ":" not in t)
handling_step = item.filter(lambda t: ";" not in t)
extension = st.fixed_dictionaries(
    {
        "step": st.builds(
            lambda n, letter: f"{n}{letter}",
            st.integers(min_value=1, max_value=40),
            st.sampled_from("abcdefgh"),
        ),
        "kind": st.sampled_from(EXTENSION_KINDS),
        "condition": condition,
        "steps": st.lists(handling_step, max_size=4),
    }
)


@given(st.lists(extension, max_size=5))
@example([{"step": "2b", "kind": "alternate", "condition": "[beta] paper", "steps": []}])
@example([{"step": "2a", "kind": "alternate", "condition": "Out 3b. again", "steps": ["x 4a. y"]}])
def test_written_extensions_read_back_the_same(extensions: list[dict[str, object]]) -> None:
    assert cells.read_extensions(cells.write_extensions(extensions)) == extensions


@given(st.text())
def test_read_extensions_gives_extensions_or_a_cell_error(raw: str) -> None:
    try:
        found = cells.read_extensions(raw)
    except CellError:
        return
    for ext in found:
        assert ext["kind"] in EXTENSION_KINDS
        assert ext["step"] == ext["step"].lower()


# --- ids and text -----------------------------------------------------------------------------


@given(item)
def test_text_ids_read_as_typed(uid: str) -> None:
    assert cells.read_text(uid) == uid


@given(st.integers(min_value=0, max_value=10**15))
def test_a_whole_number_id_reads_without_a_decimal_point(number: int) -> None:
    """Excel stores 123 typed in an id column as the number 123.0."""
    assert cells.read_text(float(number)) == str(number)


@given(any_cell)
def test_any_cell_reads_as_trimmed_text(raw: object) -> None:
    text = cells.as_text(raw)
    assert isinstance(text, str) and text == text.strip()


_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@given(st.lists(_LINE, min_size=1, max_size=400), st.sampled_from(["steps", "list"]))
def test_the_written_bound_holds_for_any_steps_or_list(lines: list[str], kind: str) -> None:
    """The import's length check trusts this bound to skip measuring a written-back cell."""
    from lib.workbook.validation import WRITERS, _most_written

    text = "\n".join(lines)
    value = cells.read_steps(text) if kind == "steps" else cells.read_list(text)
    assert len(WRITERS[kind](value)) <= _most_written(kind, text)


# Extension lines made of what a cell may hold, hostile pieces included: labels in any case,
# kinds with and without brackets, a condition that starts with '[' (written back with
# '[alternate] '), handling steps split by ';' with and without spaces, and lines split by
# line breaks, or only by spaces in a cell without breaks.
_WORDS = st.sampled_from(["[", "]", "[x", ":", ": ", ";", "; ", " ", "\t", "x", "Card declined"])
_EXTENSION_LINE = st.tuples(
    st.sampled_from(["3a", "3A", "*b", "12ab3", "1a", "x"]),
    st.sampled_from(["", ".", ")", ":"]),
    st.sampled_from([" ", "  ", "\t", ""]),
    st.sampled_from(["", "[exception] ", "[ Alternate ]", "[EXCEPTION]", "[other] "]),
    st.lists(_WORDS | _LINE, max_size=8).map("".join),
).map("".join)
extension_text = st.tuples(
    st.lists(_EXTENSION_LINE, min_size=1, max_size=12),
    st.sampled_from(["\n", "\r\n", " ", "\u2028", "\n\n"]),
).map(lambda parts: parts[1].join(parts[0]))


@given(extension_text)
@example("1a [")
@example("1a [\n2a [\n3a [")
@example("1a x;y;z;w")
@example("1a c: a;b;c;d;e")
def test_the_written_bound_holds_for_any_extensions(text: str) -> None:
    """A cell of extensions is written back at most 7(n + 2) characters long: the import
    skips measuring every written-back cell of a column whose longest cell is within it."""
    from lib.workbook.validation import WRITERS, _most_written, _most_written_any

    try:
        value = cells.read_extensions(text)
    except CellError:
        return
    written = len(WRITERS["extensions"](value))
    assert written <= _most_written("extensions", text)
    assert _most_written("extensions", text) <= _most_written_any("extensions", len(text))


@given(
    st.lists(_LINE | st.sampled_from(["", "\n", "1.", "\r\n"]), min_size=1, max_size=60).map(
        "\n".join
    ),
    st.sampled_from(["steps", "list"]),
    st.integers(min_value=0, max_value=50),
)
def test_a_column_bound_holds_for_every_shorter_cell(text: str, kind: str, extra: int) -> None:
    """The bound for a column's longest cell bounds each cell no longer than it."""
    from lib.workbook.validation import _most_written, _most_written_any

    assert _most_written(kind, text) <= _most_written_any(kind, len(text) + extra)
