"""What Call prep keeps per library revision gives the packs and the reference proposals it
gave when every view scanned the whole library."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import Candidates
from lib.callprep.library_names import library_names
from lib.callprep.packs import build_pack
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import recommend
from lib.core import reads, sharing
from lib.references.proposals import by_customer, customer_outcomes
from tests.builders import library, outcome, uc
from tests.callprep_data import SAMPLE_DAY as DAY

PROSPECTS = (
    Prospect(company="Acme"),
    Prospect(industry="Healthcare", company_size="Mid-market", pains="records lookup, audits"),
    Prospect(industry="Finance", personas=("CIO",), pains="fraud losses and manual review"),
)


@pytest.mark.parametrize("prospect", PROSPECTS)
def test_a_pack_from_the_kept_names_is_the_pack_from_a_scan(
    sample: Candidates, prospect: Prospect
) -> None:
    names = sharing.library_names(sample.library_outcomes, DAY)
    ids = [p.id for p in recommend(sample, prospect, top=3, today=DAY).ranked[:4]]
    scanned = build_pack(sample, prospect, ids, today=DAY)
    kept = build_pack(sample, prospect, ids, today=DAY, names=names)
    assert kept == scanned
    assert kept.disclosure is not None and kept.disclosure.hidden  # the sample hides some


def test_names_kept_for_another_day_are_not_used(sample: Candidates) -> None:
    """A server running past midnight still has yesterday's names: the pack reads the
    library again rather than use them."""
    ids = [p.id for p in recommend(sample, PROSPECTS[1], today=DAY).picks]
    stale = sharing.library_names((), DAY - dt.timedelta(days=1))
    assert build_pack(sample, PROSPECTS[1], ids, today=DAY, names=stale) == build_pack(
        sample, PROSPECTS[1], ids, today=DAY
    )


def test_the_views_read_from_a_database_are_the_ones_built_from_the_read(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1")],
        outcomes=[
            outcome("O-1", "UC-1", customer="Northwind  Clinics", permission="internal"),
            outcome("O-2", "UC-1", customer="northwind clinics", permission="public"),
            outcome("O-3", "UC-1", customer="Bayline", permission="public"),
        ],
    )
    read = reads.read_library(engine)
    names = library_names(engine, DAY)
    assert names.private == ("Northwind  Clinics",)
    assert names == sharing.library_names(read.all_outcomes, DAY)
    grouped = customer_outcomes(engine)
    assert [o.id for o in grouped["northwind clinics"]] == ["O-1", "O-2"]
    assert grouped == by_customer(read.all_outcomes)
