"""The permission ledger on the screens: edited on Manage, read on Library, gaps on Coverage."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.core.access import Actor, NotAllowed
from lib.core.reads import read_library
from lib.coverage import model as coverage_data
from lib.coverage.ledger import unrecorded_approvals, unrecorded_table
from lib.library import ledger, tables
from lib.library.detail import read_use_case
from lib.library.editing import history
from tests.apptest import open_app, plain
from tests.builders import library, outcome, uc

TODAY = dt.date.today()
ON = dt.date(2026, 10, 1)


def _stocked(engine: Engine) -> Engine:
    return library(
        engine,
        use_cases=[uc("UC-1", owner="Pat"), uc("UC-OLD", status="retired")],
        outcomes=[
            outcome("O-1", "UC-1", customer="Acme", approved_by="Dana", approved_on=ON,
                    approval_ref="DOC-1", scope=["sales"], quote_approved="yes"),
            outcome("O-2", "UC-1", customer="Bolt"),  # public, nothing on record
            outcome("O-3", "UC-1", customer="Crux", permission="internal"),
            outcome("O-4", "UC-1", customer="Dune", scope=["web"]),  # not shareable in sales
            outcome("O-5", "UC-OLD", customer="Echo"),  # a retired use case's
        ],
    )  # fmt: skip


def _entry(engine: Engine, oid: str) -> ledger.LedgerEntry:
    return next(o.entry for o in ledger.outcome_ledgers(engine, "UC-1") if o.id == oid)


def test_recording_a_ledger_writes_it_and_its_history(engine: Engine) -> None:
    _stocked(engine)
    before = read_library(engine).revision
    entry = ledger.LedgerEntry("Lee Park (CMO)", ON, "https://files/2.pdf", ("web", "sales"), "no")
    summary = ledger.record_ledger(engine, "O-2", entry, who="Ana")
    assert _entry(engine, "O-2") == ledger.LedgerEntry(
        "Lee Park (CMO)", ON, "https://files/2.pdf", ("sales", "web"), "no"
    )
    assert "approved_by (none) → Lee Park (CMO)" in summary
    assert "scope (none) → sales, web" in summary
    assert read_library(engine).revision > before
    [latest, *_] = history(engine, "UC-1")
    assert latest.who == "Ana" and latest.action == "ledger" and "outcome O-2" in latest.summary
    assert ledger.record_ledger(engine, "O-2", entry, who="Ana") == ""  # nothing changed


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (ledger.LedgerEntry(scope=("sales", "radio")), "scope: 'radio' is not one of sales, web"),
        (ledger.LedgerEntry(quote_approved="maybe"), "quote_approved: 'maybe' is not one of"),
        (ledger.LedgerEntry(approved_by="x" * 201), "approved_by: "),
        (ledger.LedgerEntry(approved_on=TODAY + dt.timedelta(days=3)), "is in the future"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_is_written(
    engine: Engine, entry: ledger.LedgerEntry, message: str
) -> None:
    _stocked(engine)
    with pytest.raises(ledger.LedgerError, match=message):
        ledger.record_ledger(engine, "O-2", entry, who="Ana")
    assert _entry(engine, "O-2") == ledger.LedgerEntry()


def test_only_a_role_that_edits_may_record_a_ledger(engine: Engine) -> None:
    _stocked(engine)
    rep = Actor(name="rep@acme.example", email="rep@acme.example", role="rep", signed_in=True)
    with pytest.raises(NotAllowed):
        ledger.record_ledger(engine, "O-2", ledger.LedgerEntry(approved_by="Lee"), who=rep)
    with pytest.raises(ledger.LedgerError, match="there is no outcome O-404"):
        ledger.record_ledger(engine, "O-404", ledger.LedgerEntry(approved_by="Lee"), who="Ana")


def test_the_library_detail_shows_each_outcomes_approval(engine: Engine) -> None:
    _stocked(engine)
    view = read_use_case(engine, "UC-1", TODAY)
    assert view is not None
    rows = tables.outcomes_table(view).set_index("Customer")
    assert rows.loc["Acme", "Approval"] == (
        "approved by Dana on 2026-10-01 (DOC-1) for sales; quote approved"
    )
    assert rows.loc["Bolt", "Approval"] == "no approval on record; uses not recorded"
    assert rows.loc["Dune", "Sharing"] == "approved for web only — not for sales"
    assert tables.hidden_outcomes(view) == 2  # Crux (internal) and Dune (web only)


def test_coverage_lists_shareable_outcomes_with_no_approval_on_record(engine: Engine) -> None:
    _stocked(engine)
    found = unrecorded_approvals(coverage_data.load(engine), TODAY)
    assert [(a.id, a.customer, a.owner) for a in found] == [("O-2", "Bolt", "Pat")]
    table = unrecorded_table(found)
    assert table.iloc[0]["Approved uses"] == "not recorded"


def test_the_pages_show_and_edit_the_ledger(engine: Engine) -> None:
    _stocked(engine)
    at = open_app("coverage")
    assert not at.exception
    frames = [f.value for f in at.dataframe if "Approved uses" in f.value.columns]
    assert [list(f["Outcome"]) for f in frames] == [["O-2"]]

    at = open_app("manage", uc="UC-1")
    assert not at.exception
    at.session_state["user_name"] = "Ana"
    at.selectbox(key="ledger-outcome-UC-1").select("O-2").run()
    assert not at.exception
    next(t for t in at.text_input if t.label == "Approved by").set_value("Lee Park")
    next(m for m in at.multiselect if m.label == "Approved for").set_value(["sales"])
    next(b for b in at.button if b.label == "Save the ledger").click().run()
    assert not at.exception
    assert any("Saved the ledger of O-2" in plain(s.value) for s in at.success)
    assert _entry(engine, "O-2").approved_by == "Lee Park"
    assert _entry(engine, "O-2").scope == ("sales",)


def test_the_coverage_command_and_report_list_them_too(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import json

    import openpyxl

    from lib.commands import main
    from lib.coverage.report import coverage_report
    from lib.coverage.workbook import coverage_workbook

    _stocked(engine)
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "with no approval on record (1):\n  O-2  Bolt  (UC-1, owner Pat)" in out
    assert main(["coverage", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["no_approval_on_record"]
    assert listed == [{"outcome": "O-2", "customer": "Bolt", "use_case": "UC-1", "owner": "Pat",
                       "permission": "public"}]  # fmt: skip
    data = coverage_data.load(engine)
    report = coverage_report(data, TODAY, None)
    sheet = unrecorded_table(unrecorded_approvals(data, TODAY))
    book = openpyxl.load_workbook(io.BytesIO(coverage_workbook(report, None, approvals=sheet)))
    rows = list(book["No approval"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Owner", "Outcome", "Customer") and rows[1][:3] == ("Pat", "O-2", "Bolt")
