"""The sample library holds what the brief promises, and reads well in front of a prospect."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from lib.core import sharing
from lib.core.models import CustomerReference, Outcome, Persona, Question, Segment, UseCase
from lib.core.vocab import PERMISSIONS, STAGES
from lib.workbook import SAMPLE_LIBRARY, load_sample_if_empty

pytestmark = pytest.mark.skipif(not SAMPLE_LIBRARY.exists(), reason="no sample library")

# Expiries in the sample are set against this day (see the Read me sheet's wording).
REFERENCE_DAY = dt.date(2026, 11, 24)
# The words a quote uses for a customer's own people; "<customer> members" scrubs to
# "the customer members", which no prospect should read.
PEOPLE = (
    "members|customers|patients|families|pharmacists|adjusters|buyers|staff|employees|"
    "clinicians|managers|project managers|shoppers|students|drivers|agents"
)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    assert load_sample_if_empty(engine)
    with Session(engine) as session:
        yield session


def test_sample_has_the_promised_breadth(session: Session) -> None:
    cases = session.scalars(
        select(UseCase).options(
            selectinload(UseCase.industries),
            selectinload(UseCase.company_sizes),
            selectinload(UseCase.benefits),
        )
    ).all()
    by_status = {s: [c for c in cases if c.status == s] for s in ("approved", "draft", "retired")}
    assert len(by_status["approved"]) >= 40
    assert by_status["draft"] and len(by_status["retired"]) == 1
    industries = session.scalars(select(Segment.id).where(Segment.kind == "industry")).all()
    assert len(industries) >= 6
    sizes = set(session.scalars(select(Segment.id).where(Segment.kind == "company_size")))
    assert sizes == {"SMB", "Mid-market", "Enterprise"}
    assert len(session.scalars(select(Persona.id)).all()) >= 8
    for case in by_status["approved"]:
        assert len(case.main_steps) >= 3, case.id
        assert case.extensions, case.id
        assert any(b.improvement is not None for b in case.benefits), case.id
        assert case.industries and case.company_sizes, case.id
    stages = set(session.scalars(select(Question.stage)))
    assert stages == set(STAGES)


def test_sample_outcomes_use_every_permission_and_some_have_expired(session: Session) -> None:
    outcomes = session.scalars(select(Outcome)).all()
    assert len(outcomes) >= 60
    assert {o.permission for o in outcomes} == set(PERMISSIONS)
    expired = [o for o in outcomes if o.permission_expires and o.permission_expires < REFERENCE_DAY]
    assert expired
    for o in outcomes:
        if o.permission == "anonymized":
            assert o.anonymized_label, o.id


def test_anonymized_sample_quotes_read_naturally_once_scrubbed(session: Session) -> None:
    awkward = re.compile(rf"\bthe customer (?:{PEOPLE})\b", re.IGNORECASE)
    for o in session.scalars(select(Outcome).where(Outcome.permission == "anonymized")):
        scrubbed = sharing.scrub(o.quote, o.customer)
        assert not awkward.search(scrubbed), f"{o.id}: {scrubbed}"


def test_sample_names_a_few_willing_references_and_never_a_hidden_customer(
    session: Session,
) -> None:
    outcomes = session.scalars(select(Outcome)).all()
    references = {o.customer for o in outcomes if sharing.is_reference(o)}
    assert 2 <= len(references) <= 6
    hidden = {o.customer for o in outcomes if o.permission != "public"}
    assert not references & hidden  # a willing reference is a customer we may name
    for o in outcomes:
        assert o.reference in ("yes", ""), o.id


def test_sample_references_are_willing_customers_with_limits_and_an_owner(
    session: Session,
) -> None:
    """A fresh install can show the reference flow: every References row is a customer who
    said yes on an outcome, with limits and someone to decide on requests."""
    outcomes = session.scalars(select(Outcome)).all()
    willing = {o.customer for o in outcomes if sharing.is_reference(o)}
    owners = {uc.owner for uc in session.scalars(select(UseCase))}
    rows = session.scalars(select(CustomerReference)).all()
    assert len(rows) >= 3
    for row in rows:
        assert row.customer in willing, row.id
        assert row.activities and row.max_asks_per_quarter and row.rest_days, row.id
        assert row.account_owner in owners, row.id


@pytest.mark.parametrize(
    ("model", "record", "aliases"),
    [
        (Segment, "Finance", {"Banking", "Credit union"}),
        (Segment, "Healthcare", {"Hospital"}),
        (Segment, "Mid-market", {"Midsize"}),
        (Persona, "CIO", {"Chief Information Officer", "VP IT"}),
        (Persona, "VP-SALES", {"VP of Sales"}),
        (Persona, "HEAD-CX", {"Head of CX"}),
    ],
)
def test_sample_keeps_the_names_reps_type(
    session: Session, model: type, record: str, aliases: set[str]
) -> None:
    assert aliases <= set(session.get(model, record).aliases)


def test_every_sample_segment_and_persona_has_aliases(session: Session) -> None:
    for model in (Segment, Persona):
        for item in session.scalars(select(model)):
            assert item.aliases, item.id
