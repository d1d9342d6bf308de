"""Attending: what a rep types means the persona they meant, and the page says how it read it.

In the browser, "CIO" + Enter must add the CIO alone (browser/test_call_prep_laptop_browser.py);
here, the reading of titles, aliases and slips in lib, and the page that shows it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import attending_read_as, recommend
from lib.core import db
from lib.core.models import Persona
from tests.apptest import open_app, plain
from tests.builders import library, uc
from tests.callprep_data import TODAY, rep_library

PERSONAS = [
    {"id": "CIO", "name": "Modernizing CIO", "title": "Chief Information Officer"},
    {"id": "CMIO", "name": "Informatics lead", "title": "Chief Medical Information Officer"},
    {"id": "CISO", "name": "Risk-aware CISO", "title": "Chief Information Security Officer"},
    {"id": "VP-SALES", "name": "Quota-carrying VP of Sales", "title": "Vice President of Sales"},
]


@pytest.fixture
def personas(engine: Engine) -> Engine:
    library(engine, personas=PERSONAS, use_cases=[uc("UC-A", "Work A", personas=["CIO"])])
    with db.unit_of_work(engine) as s:
        s.get(Persona, "CIO").aliases = ["VP IT", "VP of IT"]
        s.get(Persona, "VP-SALES").aliases = ["Head of Sales"]
    return engine


@pytest.mark.parametrize(
    ("typed", "meant", "said"),
    [
        ("CIO", "CIO", ""),
        ("cio", "CIO", "Attending read as: cio → Chief Information Officer (CIO)"),
        ("Chief Information Officer", "CIO", "Chief Information Officer → Chief Information"),
        ("VP IT", "CIO", "Attending read as: VP IT → Chief Information Officer (CIO)"),
        ("Head of  Sales", "VP-SALES", "Head of Sales → Vice President of Sales (VP-SALES)"),
        ("CMIO", "CMIO", ""),
        ("CISO", "CISO", ""),
    ],
)
def test_a_code_name_title_or_alias_reads_as_that_persona_alone(
    personas: Engine, typed: str, meant: str, said: str
) -> None:
    c = load_candidates(personas)
    rec = recommend(c, Prospect(personas=(typed,)), today=TODAY)
    assert rec.personas == (meant,)
    line = attending_read_as(c, rec)
    assert (said in line) if said else line == ""


def test_an_unknown_title_is_said_and_read_as_nobody(personas: Engine) -> None:
    c = load_candidates(personas)
    rec = recommend(c, Prospect(personas=("Chief Happiness Officer",)), today=TODAY)
    assert rec.personas == () and attending_read_as(c, rec) == ""
    assert any("persona 'Chief Happiness Officer'" in m for m in rec.messages)


def test_attending_takes_the_typed_match_not_a_select_all(engine: Engine) -> None:
    """The widget is set so Enter adds the one option containing the typed text, never
    Streamlit's "Select all matches", and a title added as typed is shown as read."""
    rep_library(engine)
    with db.unit_of_work(engine) as s:
        s.get(Persona, "CIO").aliases = ["VP IT"]
    at = open_app("call-prep", industry="Healthcare", persona=["VP IT"])
    assert not at.exception
    attending = at.multiselect(key="persona")
    field = attending.proto.DESCRIPTOR.fields_by_name["filter_mode"]
    mode = field.enum_type.values_by_number[attending.proto.filter_mode].name
    assert mode == "FILTER_MODE_CONTAINS"  # no fuzzy CIO -> CMIO, CISO
    assert not attending.proto.select_all
    captions = [plain(c.value) for c in at.main.caption]
    assert any("VP IT → Chief Information Officer (CIO)" in c for c in captions), captions
    assert any("Chief Information Officer" in c for c in captions if "resonates" in c)
