"""Call prep opened from a CRM deal, and the rep's recent preps after the call (AppTest)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.core.usage import recent_preps, record_generation
from lib.core.vocab import LOCAL_USER
from lib.library.nominations import open_nominations
from tests.apptest import open_app, plain, unfold
from tests.builders import library
from tests.callprep_data import rep_library
from tests.markup import live_markup, rendered_markdown

SIZES = [
    {"id": "SMB", "kind": "company_size", "min_employees": 0, "max_employees": 199},
    {"id": "Mid-market", "kind": "company_size", "min_employees": 200, "max_employees": 1999},
    {"id": "Enterprise", "kind": "company_size", "min_employees": 2000},
]


@pytest.fixture
def crm_library(engine: Engine) -> Engine:
    rep_library(engine)
    return library(
        engine,
        segments=SIZES,
        personas=[{"id": "COO", "aliases": ["VP Operations"]}],
    )


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(plain(e.value) for e in [*at.caption, *at.warning, *at.error, *at.success])


def test_a_deal_link_fills_size_and_personas_and_keeps_the_deal(crm_library: Engine) -> None:
    at = open_app("call-prep", opp="006Dn00000XYZ", company="Acme Health",
                  industry="Healthcare", employees="420",
                  title=["Chief Information Officer", "VP, Operations"],
                  pains="records lookup time")  # fmt: skip
    assert not at.exception
    assert at.text_input(key="opp").value == "006Dn00000XYZ"
    assert at.text_input(key="company").value == "Acme Health"
    assert at.selectbox(key="size").value == "Mid-market"
    assert at.multiselect(key="persona").value == ["CIO", "COO"]
    texts = _texts(at)
    assert "420 employees → Mid-market" in texts
    assert "'VP, Operations' → Chief Operating Officer (COO)" in texts
    assert not at.warning, "everything in the link was understood"


def test_values_the_library_does_not_know_are_shown_with_the_nearest(crm_library: Engine) -> None:
    at = open_app("call-prep", industry="Healthcare", employees="lots of them",
                  title=["Chief Happiness Officer", "CIO"])  # fmt: skip
    assert not at.exception
    warnings = " ".join(plain(w.value) for w in at.warning)
    assert "Not understood: 'lots of them' is not a number of employees." in warnings
    assert "Not understood: No persona matches the title 'Chief Happiness Officer'" in warnings
    assert at.multiselect(key="persona").value == ["CIO"]  # the understood title still counts
    assert at.selectbox(key="size").value is None
    nearest = [b for b in at.button if b.key.startswith("near-title-Chief Happiness Officer-")]
    assert nearest, "the nearest personas are offered"
    nearest[0].click().run()
    assert not at.exception
    assert len(at.multiselect(key="persona").value) == 2


def test_link_text_is_shown_as_data_never_markdown(crm_library: Engine) -> None:
    at = open_app("call-prep", industry="Healthcare", title=["**Boss** [x](http://evil.example)"])
    assert not at.exception
    [warning] = [w for w in at.warning if "Not understood" in w.value]
    assert "**Boss** [x](http://evil.example)" in plain(warning.value)  # as typed
    assert live_markup(warning.value) == []  # no bold, no link
    assert all(live_markup(m) == [] for m in rendered_markdown(at))


def test_the_rep_says_how_a_prep_landed(crm_library: Engine) -> None:
    record_generation(crm_library, kind="pack", format="pdf", use_case_ids=["UC-REC"],
                      prospect="Acme Health", deal_id="006XYZ", who=LOCAL_USER,
                      at=dt.datetime(2026, 11, 30, 9, 0))  # fmt: skip
    record_generation(crm_library, kind="pack", format="pdf", use_case_ids=["UC-BILL"],
                      prospect="Other rep's prospect", who="sam",
                      at=dt.datetime(2026, 11, 30, 10, 0))  # fmt: skip
    at = open_app("call-prep", industry="Healthcare")
    assert not at.exception
    assert any(s.value == "Your recent preps" for s in at.subheader)
    labels = [plain(e.label) for e in at.expander]
    [mine] = [label for label in labels if "Acme Health" in label]
    assert "deal 006XYZ" in mine and "UC-REC" in mine and "not said yet" in mine
    assert not any("Other rep" in label for label in labels)
    [event_id] = [p.event_id for p in recent_preps(crm_library, LOCAL_USER)]
    unfold(at, f"prep-{event_id}")  # its forms are drawn once it is opened
    at.radio(key=f"landed-{event_id}").set_value("used")
    at.checkbox(key=f"reference-{event_id}").check()
    at.text_input(key=f"objection-{event_id}").input("Already have a portal")
    next(b for b in at.button if b.label == "Save how it landed").click().run()
    assert not at.exception
    [prep] = recent_preps(crm_library, LOCAL_USER)
    assert prep.feedback is not None
    said = prep.feedback
    assert (said.landed, said.reference_asked, said.objection, said.who) == (
        "used", True, "Already have a portal", LOCAL_USER,
    )  # fmt: skip


def test_the_rep_nominates_a_win_from_a_prep(crm_library: Engine) -> None:
    record_generation(crm_library, kind="pack", format="pdf", use_case_ids=["UC-REC", "UC-BILL"],
                      prospect="Acme Health", deal_id="006XYZ", industry="Healthcare",
                      who=LOCAL_USER, at=dt.datetime(2026, 11, 30, 9, 0))  # fmt: skip
    at = open_app("call-prep", industry="Healthcare")
    [event_id] = [p.event_id for p in recent_preps(crm_library, LOCAL_USER)]
    unfold(at, f"prep-{event_id}")
    assert at.text_input(key=f"win-customer-{event_id}").value == "Acme Health"
    at.selectbox(key=f"win-use-case-{event_id}").select("UC-BILL")
    at.text_area(key=f"win-what-{event_id}").input("Invoices approved in a day, not a week")
    at.text_input(key=f"win-numbers-{event_id}").input("7 days -> 1 day")
    at.radio(key=f"win-permission-{event_id}").set_value("yes")
    next(b for b in at.button if b.label == "Nominate the win").click().run()
    assert not at.exception
    assert any("Nominated as WIN-001" in plain(s.value) for s in at.success)
    [nominated] = open_nominations(crm_library)
    assert (nominated.use_case_id, nominated.customer, nominated.deal_id) == (
        "UC-BILL", "Acme Health", "006XYZ",
    )  # fmt: skip
    assert (nominated.permission_known, nominated.who) == ("yes", LOCAL_USER)


def test_an_empty_nomination_says_what_is_missing(crm_library: Engine) -> None:
    record_generation(crm_library, kind="pack", format="pdf", use_case_ids=["UC-REC"],
                      prospect="", who=LOCAL_USER, at=dt.datetime(2026, 11, 30, 9, 0))  # fmt: skip
    at = open_app("call-prep", industry="Healthcare")
    [event_id] = [p.event_id for p in recent_preps(crm_library, LOCAL_USER)]
    unfold(at, f"prep-{event_id}")
    next(b for b in at.button if b.label == "Nominate the win").click().run()
    assert not at.exception
    errors = " ".join(plain(e.value) for e in at.error)
    assert "customer: say which customer won" in errors
    assert open_nominations(crm_library) == []
