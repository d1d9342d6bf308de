"""A library whose every text field carries one hostile string, for the text-safety tests."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lib.core import db
from lib.core.limits import UNIT_LENGTH
from lib.core.usage import record_generation
from tests import databases
from tests.builders import benefit, library, outcome, question, uc


def use_case_id(text: str) -> str:
    return f"UC-{text}"


def size_name(text: str) -> str:
    return f"{text} size"


def hostile_library(engine: Engine, text: str, *, usage: bool = False) -> Engine:
    """One approved use case (and its segments, persona, benefits, outcomes and questions)
    written entirely in `text`; with `usage`, its outcome shown to three prospects this
    quarter so Coverage warns about it by customer name."""
    uid = use_case_id(text)
    unit = text[:UNIT_LENGTH]  # a unit column holds 50 characters (PostgreSQL enforces it)
    library(
        engine,
        personas=[{"id": text, "name": f"{text} name", "title": text, "pains": [text]}],
        segments=[{"id": text, "kind": "industry", "priority": 3}],
        use_cases=[
            uc(
                uid,
                f"{text} title",
                goal=text,
                primary_actor=text,
                secondary_actors=[text],
                stakeholders=[text],
                preconditions=[text],
                trigger=text,
                scope=text,
                level=text,
                main_steps=[text, f"{text} second", f"{text} third"],
                extensions=[
                    {"step": "2a", "kind": "exception", "condition": text, "steps": [text]},
                    {"step": "*a", "kind": "alternate", "condition": text, "steps": [text]},
                    {"step": text, "kind": "alternate", "condition": text, "steps": [text]},
                ],
                success_guarantee=text,
                minimal_guarantee=text,
                owner=text,
                tags=[text],
                industries=[text],
                company_sizes=[size_name(text)],
                personas=[text],
                last_reviewed=dt.date.today() - dt.timedelta(days=400),
                benefits=[
                    benefit(f"B-{text}", text, metric=text, unit=unit, persona_id=text),
                ],
            )
        ],
        outcomes=[
            outcome(f"O-{text}", uid, customer=text, metric=text, unit=unit, timeframe=text,
                    quote=text, industry=text, company_size=size_name(text)),
            outcome(f"O-{text}-anon", uid, customer=f"{text} hidden", metric=text, quote=text,
                    permission="anonymized", anonymized_label=text, industry=text),
        ],
        questions=[
            question(f"Q-{text}", text, use_case_id=uid, persona_id=text, listen_for=text),
            question(f"Q-{text}-any", f"{text} generic", stage="problem", listen_for=text),
        ],
    )  # fmt: skip
    if usage:
        for n in range(3):
            record_generation(
                engine, kind="pack", format="pdf", use_case_ids=[uid],
                outcome_ids=[f"O-{text}"], prospect=f"{text} {n}", industry=text,
            )  # fmt: skip
    return engine


@contextlib.contextmanager
def every_hostile_string(
    folder: Path, schema_copy: databases.SchemaCopy, texts: Iterable[str]
) -> Iterator[Engine]:
    """One library holding `hostile_library(..., usage=True)` for each of `texts`, opened by
    the app under test (`DATABASE_URL`) until the block ends, then removed.

    Page tests that only read can share it: the library is written once instead of once per
    test, and a page that lists the whole library is checked for every string in one run.
    """
    url = databases.new_database_url(folder)
    schema_copy.fill(url)
    engine = db.make_engine(url)
    try:
        for text in texts:
            hostile_library(engine, text, usage=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DATABASE_URL", url)
            yield engine
    finally:
        engine.dispose()
        databases.drop_database(url)
