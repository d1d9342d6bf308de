"""Deals in: a Salesforce or HubSpot export is checked whole, then upserted by id."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core.access import Actor, NotAllowed, local_actor
from lib.core.models import Deal
from lib.deals.formats import parse_mapping
from lib.deals.importing import DealImportError, _texts, check_export, import_deals
from tests.deal_exports import (
    HUBSPOT_HEADERS,
    SALESFORCE_HEADERS,
    csv_bytes,
    hs_deal,
    sf_deal,
    xlsx_bytes,
)

ME = local_actor("Mo Marketing")


def stored(engine: Engine) -> dict[str, Deal]:
    with Session(engine) as s:
        return {d.id: d for d in s.scalars(select(Deal))}


def test_salesforce_csv_is_recognised_and_read(engine: Engine) -> None:
    data = csv_bytes(
        [
            sf_deal("006A", amount="USD 12,000.00", Close_Date="12/31/2026"),
            sf_deal("006B", stage="Closed Lost", amount="€12.000,00", Industry="Banking"),
            sf_deal("006C", stage="Negotiation", amount="", Employees="1,200"),
        ]
    )
    result = import_deals(engine, data, "opps.csv", actor=ME)
    assert result.source == "Salesforce opportunity report"
    assert sorted(result.added) == ["006A", "006B", "006C"]
    deals = stored(engine)
    assert (deals["006A"].amount, deals["006A"].currency) == (12000.0, "USD")
    assert deals["006A"].close_date == dt.date(2026, 12, 31)
    assert deals["006A"].won and deals["006A"].closed
    assert (deals["006B"].amount, deals["006B"].currency) == (12000.0, "EUR")
    assert deals["006B"].closed and not deals["006B"].won
    assert deals["006C"].amount is None and not deals["006C"].closed
    assert deals["006C"].employees == 1200
    assert deals["006B"].industry == "Banking"  # as the CRM says it; mapped when computing
    assert deals["006A"].source == "salesforce"


def test_hubspot_xlsx_with_title_rows_and_real_cells(engine: Engine) -> None:
    data = xlsx_bytes(
        [hs_deal("101"), hs_deal("102", stage="closedlost"), hs_deal("103", stage="appointment")],
        title_rows=["Deals export", ""],
    )
    result = import_deals(engine, data, "deals.xlsx", actor=ME)
    assert result.source == "HubSpot deals export"
    deals = stored(engine)
    assert deals["101"].won and deals["101"].closed
    assert deals["102"].closed and not deals["102"].won
    assert not deals["103"].closed
    assert deals["101"].close_date == dt.date(2026, 6, 30)
    assert deals["101"].account == "Company 101"
    assert deals["101"].employees == 50


def test_headers_forgive_case_and_spacing(engine: Engine) -> None:
    headers = [h.upper().replace(" ", "_") for h in SALESFORCE_HEADERS]
    rows = [{h.upper().replace(" ", "_"): v for h, v in sf_deal("006A").items()}]
    import_deals(engine, csv_bytes(rows, headers), "opps.csv", actor=ME)
    assert "006A" in stored(engine)


def test_semicolon_csv_from_a_european_excel(engine: Engine) -> None:
    data = csv_bytes([sf_deal("006A", amount="12.500,50 €", Close_Date="31.12.2026")],
                     delimiter=";")  # fmt: skip
    import_deals(engine, data, "opps.csv", actor=ME)
    deal = stored(engine)["006A"]
    assert (deal.amount, deal.currency, deal.close_date) == (12500.5, "EUR", dt.date(2026, 12, 31))


def test_every_bad_cell_is_reported_and_nothing_written(engine: Engine) -> None:
    data = csv_bytes(
        [
            sf_deal("006A"),
            sf_deal("006B", amount="twelve"),
            sf_deal("006C", Close_Date="2026-02-30"),
            sf_deal("006A"),
            sf_deal("", Account_Name="No id"),
            sf_deal("006D", Won="maybe"),
        ]
    )
    with pytest.raises(DealImportError) as raised:
        import_deals(engine, data, "opps.csv", actor=ME)
    problems = raised.value.problems
    assert "opps.csv, row 3, column Amount: 'twelve' is not an amount" in problems[0]
    assert any(p.startswith("opps.csv, row 4, column Close Date: '2026-02-30'") for p in problems)
    assert any("row 5, column Opportunity ID: '006A' is also on row 2" in p for p in problems)
    assert any("row 6, column Opportunity ID: every deal needs its id" in p for p in problems)
    assert any("row 7, column Won: 'maybe' is not yes or no" in p for p in problems)
    assert len(problems) == 5
    assert stored(engine) == {}


def test_ambiguous_dates_are_reported_not_guessed(engine: Engine) -> None:
    data = csv_bytes([sf_deal("006A", Close_Date="03/04/2026", Created_Date="01/02/2026")])
    with pytest.raises(DealImportError) as raised:
        import_deals(engine, data, "opps.csv", actor=ME)
    assert any(
        "row 2, column Close Date: '03/04/2026' could be day-first or month-first" in p
        and "--date-format" in p
        for p in raised.value.problems
    )
    assert stored(engine) == {}
    import_deals(engine, data, "opps.csv", actor=ME, date_format="DMY")
    assert stored(engine)["006A"].close_date == dt.date(2026, 4, 3)


def test_one_unambiguous_date_settles_the_file(engine: Engine) -> None:
    data = csv_bytes(
        [sf_deal("006A", Close_Date="03/04/2026"), sf_deal("006B", Close_Date="12/31/2026")]
    )
    import_deals(engine, data, "opps.csv", actor=ME)
    assert stored(engine)["006A"].close_date == dt.date(2026, 3, 4)


def test_dates_written_both_ways_are_reported(engine: Engine) -> None:
    data = csv_bytes(
        [
            sf_deal("006A", Close_Date="31/12/2026"),
            sf_deal("006B", Close_Date="12/31/2026"),
            sf_deal("006C", Close_Date="13/01/2026"),
        ]
    )
    with pytest.raises(DealImportError) as raised:
        import_deals(engine, data, "opps.csv", actor=ME)
    assert len(raised.value.problems) == 1
    assert "row 3, column Close Date: '12/31/2026'" in raised.value.problems[0]


def test_date_format_pattern(engine: Engine) -> None:
    data = csv_bytes([sf_deal("006A", Close_Date="2026/31/12")])
    import_deals(engine, data, "opps.csv", actor=ME, date_format="%Y/%d/%m")
    assert stored(engine)["006A"].close_date == dt.date(2026, 12, 31)


def test_dry_run_writes_nothing(engine: Engine) -> None:
    result = import_deals(engine, csv_bytes([sf_deal("006A")]), "opps.csv", actor=ME, dry_run=True)
    assert result.added == ["006A"] and not result.written
    assert stored(engine) == {}


def test_upsert_by_id_and_reimport_changes_nothing(engine: Engine) -> None:
    first = csv_bytes([sf_deal("006A", stage="Negotiation"), sf_deal("006B")])
    import_deals(engine, first, "opps.csv", actor=ME, now=dt.datetime(2026, 1, 1))
    again = import_deals(engine, first, "opps.csv", actor=ME, now=dt.datetime(2026, 2, 1))
    assert (again.added, again.changed, again.unchanged, again.written) == ([], [], 2, False)
    assert {d.imported_at for d in stored(engine).values()} == {dt.datetime(2026, 1, 1)}
    later = csv_bytes([sf_deal("006A"), sf_deal("006C")])
    result = import_deals(engine, later, "opps.csv", actor=ME, now=dt.datetime(2026, 3, 1))
    assert (result.added, result.changed, result.unchanged) == (["006C"], ["006A"], 0)
    deals = stored(engine)
    assert deals["006A"].won and deals["006A"].imported_at == dt.datetime(2026, 3, 1)
    assert "006B" in deals  # a deal the file does not list is kept
    with Session(engine) as s:
        assert s.scalar(select(func.count(Deal.id))) == 3


def test_mapping_reads_another_crms_export(engine: Engine) -> None:
    headers = ["Deal number", "Customer", "Phase", "Value", "Closing"]
    rows = [{"Deal number": "P-1", "Customer": "Acme", "Phase": "Won", "Value": "5.000,00 EUR",
             "Closing": "31.12.2026"}]  # fmt: skip
    mapping = parse_mapping(
        [
            "id=Deal number",
            "Account Name=Customer",
            "Stage=Phase",
            "amount=Value",
            "close_date=Closing",
        ]
    )
    result = import_deals(engine, csv_bytes(rows, headers), "other.csv", actor=ME, mapping=mapping)
    deal = stored(engine)["P-1"]
    assert (deal.account, deal.won, deal.amount, deal.source) == ("Acme", True, 5000.0, "other")
    assert result.source == "export with a column mapping"


def test_map_renames_one_column_of_a_known_export(engine: Engine) -> None:
    headers = ["Phase" if h == "Stage" else h for h in SALESFORCE_HEADERS]
    row = sf_deal("006A", stage="Prospecting", Won="", Closed="")
    row["Phase"] = row.pop("Stage")
    import_deals(
        engine, csv_bytes([row], headers), "o.csv", actor=ME, mapping=parse_mapping(["Stage=Phase"])
    )
    assert stored(engine)["006A"].stage == "Prospecting"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "x.csv", "x.csv is empty"),
        (b"a,b\n1,2\n", "x.csv", "header row was not recognised"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xls", "legacy Excel"),
        (b"PK\x03\x04garbage", "x.xlsx", "not a spreadsheet"),
        ("Opportunity ID\n".encode("utf-16"), "x.csv", "UTF-16"),
        (b"Opportunity ID,Amount\n", "x.csv", "Won or Stage column"),
    ],
)
def test_unreadable_files_are_refused_in_plain_words(
    engine: Engine, data: bytes, filename: str, message: str
) -> None:
    checked = check_export(data, filename)
    assert not checked.ok and message in checked.problems[0]
    assert filename in checked.problems[0] or message.startswith(filename)


def test_bad_mapping_is_named() -> None:
    with pytest.raises(ValueError, match="'Colour' is not a deal field"):
        parse_mapping(["Colour=Phase"])
    with pytest.raises(ValueError, match="write FIELD=COLUMN"):
        parse_mapping(["Stage"])


def test_a_rep_may_not_import(engine: Engine) -> None:
    rep = Actor(name="r", email="r@acme.com", role="rep", signed_in=True)
    with pytest.raises(NotAllowed):
        import_deals(engine, csv_bytes([sf_deal("006A")]), "o.csv", actor=rep)
    assert stored(engine) == {}


def test_hubspot_csv_headers() -> None:
    checked = check_export(csv_bytes([hs_deal("1")], HUBSPOT_HEADERS), "deals.csv")
    assert checked.ok, checked.problems
    assert checked.deal("1")["won"] is True


def test_an_import_refreshes_the_kept_influence_read(engine: Engine) -> None:
    from lib.deals.data import deal_data

    assert deal_data(engine).empty
    import_deals(engine, csv_bytes([sf_deal("006A")]), "opps.csv", actor=ME)
    assert list(deal_data(engine).deals.index) == ["006A"]
    import_deals(engine, csv_bytes([sf_deal("006A", stage="Closed Lost")]), "o.csv", actor=ME)
    assert not deal_data(engine).deals.loc["006A", "won"]


@given(st.lists(st.text(alphabet=" \t\n\xa0\u2009\u3000\x1f\x00ab-", max_size=8), max_size=8))
def test_a_text_column_is_tidied_in_one_pass_as_cell_by_cell(cells: list[str]) -> None:
    assert _texts(cells, str) == [" ".join(cell.split()) for cell in cells]


ODD_CELLS = [
    {"Amount": "EUR 1.234,50"},
    {"Number of Employees": "1,200"},
    {"Close Date": "2026-12-31"},
    {"Is Closed Won": "no"},
    {"Associated Company": "  Spaced   Out Inc. "},
]


@pytest.mark.parametrize("odd", ODD_CELLS, ids=lambda o: next(iter(o)))
def test_real_cells_read_the_same_beside_a_text_cell(odd: dict[str, object]) -> None:
    """A column of real spreadsheet cells is taken whole; one text cell in it makes the column
    read cell by cell, and the real cells must read the same either way."""
    rows = [hs_deal("1"), hs_deal("2", stage="closedlost", Amount=2500.5)]
    plain = check_export(xlsx_bytes([*rows, hs_deal("3")]), "deals.xlsx")
    mixed = check_export(xlsx_bytes([*rows, hs_deal("3", **odd)]), "deals.xlsx")
    assert plain.ok and mixed.ok, mixed.problems
    assert [mixed.deal(i) for i in ("1", "2")] == [plain.deal(i) for i in ("1", "2")]
    assert mixed.deal("3") != plain.deal("3")


@pytest.mark.parametrize("employees", [-5.0, 12.5])  # spreadsheet numbers
def test_a_bad_number_among_real_numbers_is_reported(employees: float) -> None:
    rows = [hs_deal("1"), hs_deal("2", **{"Number of Employees": employees})]
    checked = check_export(xlsx_bytes(rows), "deals.xlsx")
    assert checked.problems == (
        f"deals.xlsx, row 3, column Number of Employees: {employees!r} is not a number of "
        "employees",
    )


@pytest.mark.parametrize(
    "change", [{"close_date": "2026-07-01"}, {"amount": "USD 10,000.01"}, {"won": "false"}]
)
def test_a_reimport_finds_the_one_field_that_changed(
    engine: Engine, change: dict[str, str]
) -> None:
    rows = [sf_deal("006A", "Closed Lost"), sf_deal("006B")]
    import_deals(engine, csv_bytes(rows), "opps.csv", actor=ME)
    rows[1] = sf_deal("006B", **change)
    result = import_deals(engine, csv_bytes(rows), "opps.csv", actor=ME)
    assert (result.added, result.changed, result.unchanged) == ([], ["006B"], 1)
