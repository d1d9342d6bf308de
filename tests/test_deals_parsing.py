"""Reading CRM cells as a person would: amounts, dates, flags and head counts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.deals.parsing import (
    Amount,
    date_with_format,
    parse_amount,
    parse_date_format,
    parse_employees,
    parse_flag,
    read_date,
    settle_date,
)


def grouped(whole: int, mark: str) -> str:
    return f"{whole:,}".replace(",", mark)


@given(
    whole=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
    style=st.sampled_from(["us", "eu", "swiss", "space"]),
    currency=st.sampled_from(["", "USD ", "€", " EUR", "$", "£"]),
    negative=st.booleans(),
)
def test_any_written_amount_reads_back(
    whole: int, cents: int, style: str, currency: str, negative: bool
) -> None:
    group, decimal = {"us": (",", "."), "eu": (".", ","), "swiss": ("'", "."),
                      "space": ("\u00a0", ",")}[style]  # fmt: skip
    number = f"{grouped(whole, group)}{decimal}{cents:02d}"
    text = f"-{number}" if negative else number
    text = f"{currency}{text}" if not currency.startswith(" ") else f"{text}{currency}"
    expected = (whole + cents / 100) * (-1 if negative else 1)
    code = {"": "", "USD ": "USD", "€": "EUR", " EUR": "EUR", "$": "USD", "£": "GBP"}[currency]
    found = parse_amount(text)
    assert found is not None
    assert found.value == pytest.approx(expected, abs=1e-6)
    assert found.currency == code


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([",", "."]))
def test_whole_amounts_with_grouping_read_as_thousands(whole: int, mark: str) -> None:
    assert parse_amount(grouped(whole, mark)) == Amount(float(whole))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("USD 12,000.00", Amount(12000.0, "USD")),
        ("€12.000,00", Amount(12000.0, "EUR")),
        ("12000", Amount(12000.0)),
        ("1,5", Amount(1.5)),
        ("(1,000.00)", Amount(-1000.0)),
        ("12000 USD", Amount(12000.0, "USD")),
        (12000.5, Amount(12000.5)),
        ("", None),
        (None, None),
    ],
)
def test_amounts(text: object, expected: Amount | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text", ["twelve", "12,00,000", "1.234.56", "USD 1 € 2", "nan", "1e5", float("inf"), True]
)
def test_not_amounts_are_refused_with_the_value(text: object) -> None:
    with pytest.raises(ValueError, match=r"not an amount|two currencies"):
        parse_amount(text)


@given(st.dates(min_value=dt.date(1950, 1, 2), max_value=dt.date(2099, 12, 31)))
def test_every_date_format_reads_back(day: dt.date) -> None:
    assert read_date(day.isoformat()).date == day
    assert read_date(f"{day:%d.%m.%Y}").date == day
    excel = (day - dt.date(1899, 12, 30)).days
    assert read_date(float(excel)).date == day
    us, eu = read_date(f"{day:%m/%d/%Y}"), read_date(f"{day:%d/%m/%Y}")
    assert settle_date(us, "MDY") == day
    assert settle_date(eu, "DMY") == day
    if day.day <= 12 and day.day != day.month:
        assert us.ambiguous is not None and us.date is None  # never guessed
    elif day.day > 12:
        assert us.order == "MDY" and eu.order == "DMY"


def test_dates_from_spreadsheets_and_with_times() -> None:
    assert read_date(dt.datetime(2026, 12, 31, 9, 30)).date == dt.date(2026, 12, 31)
    assert read_date("2026-12-31 00:00:00").date == dt.date(2026, 12, 31)
    assert read_date("12/31/26").date == dt.date(2026, 12, 31)
    assert read_date("").date is None


@pytest.mark.parametrize("text", ["31/31/2026", "2026-13-01", "tomorrow", "5", 123.0])
def test_not_dates_are_refused(text: object) -> None:
    with pytest.raises(ValueError, match=r"not a (real )?date"):
        read_date(text)


def test_date_format_option() -> None:
    assert parse_date_format("dmy") == "DMY"
    assert parse_date_format("%d/%m/%Y") == "%d/%m/%Y"
    with pytest.raises(ValueError, match="use DMY"):
        parse_date_format("european")
    assert date_with_format("03/04/2026", "MDY") == dt.date(2026, 3, 4)
    with pytest.raises(ValueError, match="cannot be a date in the order MDY"):
        date_with_format("31/12/2026", "MDY")
    with pytest.raises(ValueError, match="does not match the date format"):
        date_with_format("31.12.2026", "%m/%d/%Y")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("FALSE", False), ("Yes", True), ("0", False), (1.0, True), ("", None)],
)
def test_flags(value: object, expected: bool | None) -> None:
    assert parse_flag(value) is expected


@pytest.mark.parametrize(("value", "expected"), [("1,200", 1200), (420.0, 420), ("", None)])
def test_employees(value: object, expected: int | None) -> None:
    assert parse_employees(value) == expected


@pytest.mark.parametrize("value", ["201-500", "12.5", -3, "USD 5"])
def test_not_head_counts(value: object) -> None:
    with pytest.raises(ValueError, match="not a number of employees"):
        parse_employees(value)
