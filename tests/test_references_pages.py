"""The reference flow on the pages: request from Call prep, decide and close on References."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.references.requests import decide, request_reference, requests
from tests.apptest import open_app, plain, unfold
from tests.builders import library, outcome, uc
from tests.markup import INJECTIONS, live_markup, rendered_markdown
from tests.reference_support import add_references, ref


def _stocked(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[uc("UC-HC", industries=["Healthcare"], company_sizes=["Mid-market"],
                      personas=["CIO"])],
        outcomes=[
            outcome("O-1", "UC-HC", customer="Lakeshore Clinics", industry="Healthcare",
                    company_size="Mid-market"),
            outcome("O-2", "UC-HC", customer="Harbor Health", industry="Healthcare",
                    company_size="Mid-market"),
        ],
    )  # fmt: skip
    return add_references(
        engine,
        ref("R-LS", "Lakeshore Clinics", max_asks_per_quarter=1, account_owner="Owen"),
        ref("R-HH", "Harbor Health", at_risk="yes"),
    )


def test_a_rep_requests_a_fitting_reference_from_call_prep(engine: Engine) -> None:
    _stocked(engine)
    at = open_app("call-prep", company="Acme Health", industry="Healthcare", size="Mid-market",
                  deal="OPP-42")  # fmt: skip
    assert not at.exception
    label = next(e.label for e in at.expander if "Customer references" in e.label)
    assert "(1 available, 1 resting)" in label
    assert not [s for s in at.selectbox if s.key == "reference_pick"], "drawn once opened"
    unfold(at, "references")
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "Healthcare; Mid-market; their outcome backs UC-HC" in captions
    assert at.selectbox(key="reference_pick").options == ["Lakeshore Clinics"]
    assert at.text_input(key="reference_deal").value == "OPP-42"
    at.session_state["user_name"] = "Rita"
    at.text_input(key="reference_why").set_value("The CFO wants a peer")
    submit = next(b for b in at.button if b.label == "Request this reference")
    submit.click().run()
    assert not at.exception
    assert any("sent to Owen" in plain(s.value) for s in at.success)
    (made,) = requests(engine)
    assert (made.reference_id, made.deal_id, made.prospect) == ("R-LS", "OPP-42", "Acme Health")
    assert (made.requested_by, made.why) == ("Rita", "The CFO wants a peer")
    # Its one ask of the quarter is taken: no longer offered.
    at.run()
    label = next(e.label for e in at.expander if "Customer references" in e.label)
    assert "(0 available, 2 resting)" in label


def test_the_references_page_lists_decides_and_closes_requests(engine: Engine) -> None:
    _stocked(engine)
    rid = request_reference(engine, "Rita", "R-LS", deal_id="OPP-1", prospect="Acme")
    at = open_app("references")
    assert not at.exception
    assert any("Waiting for a decision (1)" in t.label for t in at.tabs)
    assert any("Owen (1)" in plain(m.value) for m in at.markdown)  # who decides
    assert any("Rita (1)" in plain(m.value) for m in at.markdown)  # who asked
    at.session_state["user_name"] = "Mo"
    at.text_input(key=f"note-{rid}").set_value("Dana said yes")
    at.button(key=f"approve-{rid}").click().run()
    assert not at.exception
    assert any(f"Request {rid} approved" in s.value for s in at.success)
    at.radio(key=f"helped-{rid}").set_value("yes")
    at.radio(key=f"again-{rid}").set_value("no")
    next(b for b in at.button if b.label == "Done").click().run()
    assert not at.exception
    (done,) = requests(engine)
    assert (done.status, done.decided_by, done.note) == ("done", "Mo", "Dana said yes")
    assert (done.helped, done.would_again, done.done_by) == ("yes", "no", "Mo")
    table = next(df.value for df in at.dataframe if "Feedback" in df.value)
    assert list(table["Status"]) == ["done"]


def test_a_declined_request_shows_in_the_history(engine: Engine) -> None:
    _stocked(engine)
    rid = request_reference(engine, "Rita", "R-LS")
    decide(engine, "Mo", rid, approve=False, note="Renewal talks")
    at = open_app("references")
    assert not at.exception
    assert any("No request is waiting" in i.value for i in at.info)
    assert any("No open requests" in i.value for i in at.info)
    table = next(df.value for df in at.dataframe if "Feedback" in df.value)
    assert list(table["Status"]) == ["declined"] and list(table["Note"]) == ["Renewal talks"]


def test_manage_adds_and_changes_a_reference(engine: Engine) -> None:
    from lib.core.fatigue import load_references

    _stocked(engine)
    at = open_app("manage")
    assert not at.exception
    at.text_input(key="reference:new:id").set_value("R-NEW")
    at.text_input(key="reference:new:customer").set_value("Northbank")
    at.text_input(key="reference:new:owner").set_value("ana@acme.com")
    at.number_input(key="reference:new:max_asks").set_value(2)
    next(b for b in at.button if b.label == "Save reference").click().run()
    assert not at.exception
    assert not at.error
    saved = {r.id: r for r in load_references(engine)}["R-NEW"]
    assert (saved.customer, saved.account_owner, saved.max_asks_per_quarter) == (
        "Northbank",
        "ana@acme.com",
        2,
    )
    at.selectbox(key="reference_edit_pick").set_value("R-NEW").run()
    at.checkbox(key="reference:R-NEW:at_risk").check()
    next(b for b in at.button if b.label == "Save reference").click().run()
    assert not at.exception
    assert {r.id: r for r in load_references(engine)}["R-NEW"].at_risk


@pytest.mark.parametrize(
    "text", [INJECTIONS[n] for n in (0, 1, 2, 5)], ids=["s0", "s1", "s2", "s5"]
)
def test_reference_names_and_notes_are_shown_as_written(engine: Engine, text: str) -> None:
    library(
        engine,
        use_cases=[uc("UC-HC", industries=["Healthcare"], personas=["CIO"])],
        outcomes=[outcome("O-1", "UC-HC", customer=text[:200], industry="Healthcare")],
    )
    add_references(
        engine,
        ref("R-1", text[:200], contact=text[:200], account_owner=text[:200]),
        ref("R-2", "Calm Co", industry="Healthcare", at_risk="yes"),
    )
    rid = request_reference(engine, "Rita", "R-1", prospect=text[:200], why=text)
    for at in (open_app("call-prep", industry="Healthcare"), open_app("references"),
               open_app("coverage")):  # fmt: skip
        assert not at.exception
        sources = rendered_markdown(at)
        assert not {s[:80]: f for s in sources if (f := live_markup(s))}
    decide(engine, "Mo", rid, approve=True, note=text)
    at = open_app("references")
    assert not at.exception
    assert not {s[:80]: f for s in rendered_markdown(at) if (f := live_markup(s))}
