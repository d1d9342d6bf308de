"""Live references: fatigue from real requests, proposals for a prospect, the request flow."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.callprep.packs import build_pack
from lib.callprep.prospect import Prospect
from lib.core.access import Actor, NotAllowed
from lib.core.fatigue import Ask, ReferenceRecord, fatigue_all, fatigue_of, resting_customers
from lib.core.models import ChangeRecord
from lib.core.reads import read_library
from lib.references.proposals import propose
from lib.references.requests import (
    RequestError,
    complete,
    decide,
    open_work,
    request_reference,
    requests,
)
from tests.builders import library, outcome, uc
from tests.reference_support import add_references, ref

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 0)
REP = Actor("Rita", "rita@acme.com", "rep", signed_in=True)
OTHER_REP = Actor("Raj", "raj@acme.com", "rep", signed_in=True)
OWNER = Actor("Owen", "owner@acme.com", "rep", signed_in=True)
MARKETING = Actor("Mo", "mo@acme.com", "marketing", signed_in=True)


@pytest.mark.parametrize(
    ("fields", "asks", "reason"),
    [
        ({}, [], None),
        ({"at_risk": True}, [], "at risk"),
        ({"do_not_ask_until": dt.date(2026, 12, 1)}, [], "do not ask until 2026-12-01"),
        ({"do_not_ask_until": TODAY}, [], None),
        ({"max_asks_per_quarter": 2}, [dt.date(2026, 10, 1), dt.date(2026, 10, 20)], "limit 2"),
        ({"max_asks_per_quarter": 2}, [dt.date(2026, 9, 30), dt.date(2026, 10, 20)], None),
        ({"rest_days": 30}, [dt.date(2026, 11, 1)], "resting 30 days (until 2026-12-01)"),
        ({"rest_days": 30}, [dt.date(2026, 10, 21)], None),
    ],
)
def test_the_fatigue_rule(fields: dict, asks: list[dt.date], reason: str | None) -> None:
    reference = ReferenceRecord("R-1", "Lakeshore", **fields)
    state = fatigue_of(reference, [Ask("R-1", d) for d in asks], TODAY)
    if reason is None:
        assert state.available, state.reasons
    else:
        assert not state.available
        assert any(reason in r for r in state.reasons), state.reasons


@pytest.fixture
def stocked(engine: Engine) -> Engine:
    library(
        engine,
        use_cases=[
            uc("UC-HC", industries=["Healthcare"], company_sizes=["Mid-market"]),
            uc("UC-FIN", industries=["Finance"], company_sizes=["Enterprise"]),
        ],
        outcomes=[
            outcome(
                "O-1",
                "UC-HC",
                customer="Lakeshore Clinics",
                industry="Healthcare",
                company_size="Mid-market",
            ),
            outcome(
                "O-2", "UC-FIN", customer="Northbank", industry="Finance", company_size="Enterprise"
            ),
            outcome(
                "O-3", "UC-HC", customer="Harbor Health", industry="Healthcare", company_size="SMB"
            ),
        ],
    )
    return add_references(
        engine,
        ref("R-LS", "Lakeshore Clinics", max_asks_per_quarter=1),
        ref("R-NB", "Northbank"),
        ref("R-HH", "Harbor Health"),
        ref("R-XR", "Risky Hospital", industry="Healthcare", at_risk="yes"),
    )


def _proposed(engine: Engine, **prospect: object) -> tuple[list[str], list[str]]:
    found = propose(fatigue_all(engine, TODAY), read_library(engine).all_outcomes, **prospect)
    return [p.reference_id for p in found.offered], [f.reference.id for f in found.held_back]


def test_call_prep_proposes_only_fitting_references_under_their_limits(stocked: Engine) -> None:
    offered, held = _proposed(stocked, industry="Healthcare", company_size="Mid-market")
    assert offered == ["R-LS"]  # Harbor Health is SMB, Northbank is Finance
    assert held == ["R-XR"]
    request_reference(stocked, REP, "R-LS", deal_id="OPP-1", at=NOW)
    offered, held = _proposed(stocked, industry="Healthcare", company_size="Mid-market")
    assert offered == []
    assert held == ["R-LS", "R-XR"]


def test_a_reference_whose_story_was_picked_is_proposed_with_why(stocked: Engine) -> None:
    found = propose(
        fatigue_all(stocked, TODAY),
        read_library(stocked).all_outcomes,
        industry="Insurance",
        use_case_ids=["UC-FIN"],
    )
    assert [p.customer for p in found.offered] == ["Northbank"]
    assert "their outcome backs UC-FIN" in found.offered[0].why_text
    assert "agreed to call, site visit" in found.offered[0].why_text


def test_an_activity_the_customer_did_not_agree_to_is_not_offered(stocked: Engine) -> None:
    offered, _ = _proposed(stocked, industry="Healthcare", activity="press")
    assert offered == []
    with pytest.raises(RequestError, match="not to 'press'"):
        request_reference(stocked, REP, "R-HH", activity="press", at=NOW)


def test_the_request_flow_records_who_and_when_at_each_step(stocked: Engine) -> None:
    rid = request_reference(
        stocked,
        REP,
        "R-LS",
        deal_id="OPP-7",
        prospect="Acme Health",
        why="CFO wants proof",
        at=NOW,
    )
    work = open_work(stocked)
    assert [r.id for r in work.by_approver["owner@acme.com"]] == [rid]
    assert [r.id for r in work.by_rep["rita@acme.com"]] == [rid]

    with pytest.raises(NotAllowed, match="neither the account owner"):
        decide(stocked, OTHER_REP, rid, approve=True)
    decide(
        stocked, OWNER, rid, approve=True, note="Dana is happy to", at=NOW + dt.timedelta(hours=2)
    )
    with pytest.raises(RequestError, match=r"already approved by owner@acme\.com"):
        decide(stocked, MARKETING, rid, approve=False)
    assert open_work(stocked).by_approver == {}

    complete(
        stocked,
        REP,
        rid,
        helped="yes",
        would_again="no",
        feedback="Long call",
        at=NOW + dt.timedelta(days=3),
    )
    (done,) = requests(stocked)
    assert (done.status, done.deal_id, done.prospect) == ("done", "OPP-7", "Acme Health")
    assert (done.requested_by, done.requested_at) == ("rita@acme.com", NOW)
    assert (done.decided_by, done.note) == ("owner@acme.com", "Dana is happy to")
    assert (done.done_by, done.helped, done.would_again) == ("rita@acme.com", "yes", "no")
    assert open_work(stocked).by_rep == {}
    with Session(stocked) as s:
        history = s.execute(
            select(ChangeRecord.action, ChangeRecord.who)
            .where(ChangeRecord.entity == "reference_request")
            .order_by(ChangeRecord.at)
        ).all()
    assert [tuple(h) for h in history] == [
        ("request", "rita@acme.com"),
        ("approved", "owner@acme.com"),
        ("done", "rita@acme.com"),
    ]


def test_a_declined_request_is_not_an_ask(stocked: Engine) -> None:
    rid = request_reference(stocked, REP, "R-LS", at=NOW)
    with pytest.raises(RequestError, match="may not be asked now: asked 1 times"):
        request_reference(stocked, OTHER_REP, "R-LS", at=NOW)
    decide(stocked, MARKETING, rid, approve=False, note="Renewal talks this month")
    request_reference(stocked, OTHER_REP, "R-LS", at=NOW)  # the limit is free again
    with pytest.raises(RequestError, match="only an approved request can be done"):
        complete(stocked, REP, rid, helped="yes", would_again="yes")


@pytest.mark.parametrize(
    ("reference_id", "message"),
    [("R-XR", "at risk"), ("R-404", "not a reference")],
)
def test_a_request_that_cannot_be_made_says_why(
    stocked: Engine, reference_id: str, message: str
) -> None:
    with pytest.raises(RequestError, match=message):
        request_reference(stocked, REP, reference_id, at=NOW)
    assert requests(stocked) == []


def test_feedback_must_be_yes_or_no(stocked: Engine) -> None:
    rid = request_reference(stocked, REP, "R-NB", at=NOW)
    decide(stocked, MARKETING, rid, approve=True)
    with pytest.raises(RequestError, match="did it help: 'maybe' is not one of yes, no"):
        complete(stocked, REP, rid, helped="maybe", would_again="yes")


def test_coverage_warns_about_over_asked_and_at_risk_customers(stocked: Engine) -> None:
    from lib.coverage.fatigue import fatigue_table, fatigue_warnings

    request_reference(stocked, REP, "R-LS", at=NOW)  # its one ask of the quarter
    states = fatigue_all(stocked, TODAY)
    warnings = fatigue_warnings(states)
    assert [(w.reference_id, w.kind) for w in warnings] == [
        ("R-XR", "at risk"),
        ("R-LS", "over-asked"),
    ]
    assert "asked 1 times this quarter (limit 1)" in warnings[1].message
    table = fatigue_table(states)
    offered = dict(zip(table["Reference"], table["Offered"], strict=True))
    assert offered == {"R-HH": "yes", "R-LS": "no", "R-NB": "yes", "R-XR": "no"}


def test_the_coverage_page_shows_reference_fatigue(stocked: Engine) -> None:
    from tests.apptest import open_app, plain

    request_reference(stocked, REP, "R-LS")
    at = open_app("coverage")
    assert not at.exception
    shown = [plain(w.value) for w in at.warning]
    assert any("Risky Hospital (Dana Reyes) is at risk" in s for s in shown)
    assert any(s.startswith("Lakeshore Clinics (Dana Reyes): asked 1 times") for s in shown)


def test_marketing_keeps_a_reference_with_the_sheets_rules(engine: Engine) -> None:
    from lib.core.fatigue import load_references
    from lib.references.editing import ReferenceDraft, ReferenceEditError, save_reference

    draft = ReferenceDraft("R-1", "Lakeshore", activities=["press", "call"], rest_days=30)
    save_reference(engine, draft, who=MARKETING)
    (saved,) = load_references(engine)
    assert (saved.activities, saved.rest_days, saved.at_risk) == (("call", "press"), 30, False)
    with pytest.raises(NotAllowed):
        save_reference(engine, ReferenceDraft("R-2", "Northbank"), who=REP)
    bad = ReferenceDraft("R 3", "", activities=["dinner"], max_asks_per_quarter=-1)
    with pytest.raises(ReferenceEditError) as refused:
        save_reference(engine, bad, who=MARKETING)
    assert refused.value.problems == [
        "id 'R 3' may hold only letters, digits, '-', '_' and '.'",
        "customer is required",
        "activities: 'dinner' is not one of call, site visit, case study, press",
        "max_asks_per_quarter -1 must be a whole number, 0 or more",
    ]
    assert [r.id for r in load_references(engine)] == ["R-1"]


def test_the_coverage_report_has_a_references_sheet(stocked: Engine) -> None:
    import io

    import openpyxl

    from lib.coverage.model import coverage_of
    from lib.coverage.report import coverage_report
    from lib.coverage.workbook import coverage_workbook

    request_reference(stocked, REP, "R-LS", at=NOW)
    report = coverage_report(coverage_of(read_library(stocked)), TODAY)
    book = openpyxl.load_workbook(
        io.BytesIO(coverage_workbook(report, None, fatigue=fatigue_all(stocked, TODAY)))
    )
    rows = [[c.value for c in r] for r in book["References"].iter_rows()]
    assert rows[0][:4] == ["Customer", "Reference", "Contact", "Asks this quarter"]
    by_ref = {r[1]: r for r in rows[1:]}
    assert by_ref["R-LS"][3] == 1 and by_ref["R-LS"][6] == "no"
    assert "at risk" in by_ref["R-XR"][7]
    empty = openpyxl.load_workbook(io.BytesIO(coverage_workbook(report)))
    assert empty["References"]["A1"].value == "No customer references yet."


def test_the_pack_offers_no_reference_call_with_a_customer_over_their_limit(
    engine: Engine,
) -> None:
    """Fatigue reaches the pack: the reference offer follows the real requests."""
    library(
        engine,
        use_cases=[uc("UC-HC", industries=["Healthcare"])],
        outcomes=[
            outcome("O-1", "UC-HC", customer="Lakeshore Clinics", reference="yes"),
        ],
    )
    add_references(engine, ref("R-LS", "Lakeshore Clinics", max_asks_per_quarter=1))

    def offers() -> list[str]:
        pack = build_pack(
            engine,
            Prospect(company="Acme"),
            ["UC-HC"],
            today=TODAY,
            resting=resting_customers(engine, TODAY),
        )
        return [s for s in pack.next_steps if "reference conversation" in s]

    assert offers() == ["Offer a reference conversation with Lakeshore Clinics."]
    request_reference(engine, REP, "R-LS", deal_id="OPP-1", at=NOW)
    assert resting_customers(engine, TODAY) == {"Lakeshore Clinics"}
    assert offers() == []
