"""Cell rules of `lib.workbook.sheets`: what is written reads back the same."""

from __future__ import annotations

import pytest

from lib.workbook import cells
from lib.workbook.problems import CellError


def test_steps_are_numbered_on_write_and_unnumbered_on_read() -> None:
    steps = ["Open the cart", "2 items are checked", "Pay"]
    text = cells.write_steps(steps)
    assert text == "1. Open the cart\n2. 2 items are checked\n3. Pay"
    assert cells.read_steps(text) == steps
    assert cells.read_steps("1) Open\n\n 2.Pay ") == ["Open", "Pay"]


def test_extensions_read_kinds_conditions_and_handling_steps() -> None:
    text = "3a. Card declined: pick another card; retry\n3b. [Exception] Service down: queue it"
    assert cells.read_extensions(text) == [
        {
            "step": "3a",
            "kind": "alternate",
            "condition": "Card declined",
            "steps": ["pick another card", "retry"],
        },
        {"step": "3b", "kind": "exception", "condition": "Service down", "steps": ["queue it"]},
    ]
    assert cells.write_extensions(cells.read_extensions(text)) == (
        "3a. Card declined: pick another card; retry\n3b. [exception] Service down: queue it"
    )


def test_several_extensions_on_one_line() -> None:
    parsed = cells.read_extensions("2a. Out of stock: suggest another 4a. [exception] Timeout")
    assert [(e["step"], e["kind"], e["condition"]) for e in parsed] == [
        ("2a", "alternate", "Out of stock"),
        ("4a", "exception", "Timeout"),
    ]


@pytest.mark.parametrize("text", ["Card declined: retry", "3a. [sometimes] Card declined"])
def test_bad_extensions_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        cells.read_extensions(text)


def test_numbers_and_dates_refuse_what_they_cannot_read() -> None:
    assert cells.read_number(" 12.5 ") == 12.5
    assert cells.read_number("") is None
    for bad in ("12%", "nan", "1,5"):
        with pytest.raises(CellError):
            cells.read_number(bad)
    with pytest.raises(CellError):
        cells.read_date(45000.0)
    with pytest.raises(CellError):
        cells.read_date("03/04/2025")


def test_a_lone_list_item_with_a_semicolon_survives() -> None:
    assert cells.read_list(cells.write_list(["a; b"])) == ["a; b"]
    assert cells.read_list(cells.write_list(["a", "b; c"])) == ["a", "b; c"]
