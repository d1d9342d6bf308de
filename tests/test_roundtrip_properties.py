"""Export then import is the identity, for any library that imports.

Hypothesis builds small libraries out of awkward text (formula-like, Unicode, `;` and `:` in
items, numbers at the edges of a float), exports each to a workbook and imports it into an
empty database: every row must come back value for value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete

from lib.core import db
from lib.core.models import Base
from lib.core.vocab import EXTENSION_KINDS
from lib.workbook import apply_import, export_workbook, plan_import
from tests.builders import benefit, library, outcome, question, uc
from tests.workbook_support import dump

# One line of text as a person types it (the import trims cells, so the library holds
# trimmed text); no control characters, which a workbook cannot carry.
line = (
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\x85",
        ),
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
formula_like = st.sampled_from(["=SUM(A1)", "+44 20", "-5% churn", "@team", "=1/0", "'quoted"])
text = st.one_of(line, formula_like)
paragraph = st.lists(text, min_size=1, max_size=3).map("\n".join)
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,12}", fullmatch=True)
items = st.lists(text, max_size=4)
# Excel keeps 15 significant digits (and xlsxwriter writes 16): a number needing all 17 of a
# double's digits, such as 0.1 + 0.2, comes back as 0.3. The library's numbers are measured
# figures, so the property is stated for the numbers a workbook can carry.
numbers = st.one_of(
    st.none(),
    st.floats(min_value=-1e300, max_value=1e300).map(lambda x: float(f"{x:.15g}")),
    st.integers(min_value=-(10**9), max_value=10**9).map(float),
)
dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
)


def extensions(steps: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Extensions branching from the main steps there are (the import checks that)."""
    if not steps:
        return st.just([])
    extension = st.builds(
        lambda step, kind, condition, handling: {
            "step": step,
            "kind": kind,
            "condition": condition,
            "steps": handling,
        },
        st.builds(lambda n, letter: f"{n}{letter}", st.integers(1, steps), st.sampled_from("abc")),
        st.sampled_from(EXTENSION_KINDS),
        line.filter(lambda t: ":" not in t),
        st.lists(line.filter(lambda t: ";" not in t), max_size=3),
    )
    return st.lists(extension, max_size=3, unique_by=lambda e: e["step"])


@st.composite
def libraries(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    use_case_ids = draw(st.lists(ids, min_size=1, max_size=3, unique_by=str.casefold))
    industries = draw(st.lists(st.sampled_from(["Healthcare", "Retail", "Finance"]), unique=True))
    use_cases = []
    benefit_ids = iter(range(1000))
    for uid in use_case_ids:
        main_steps = draw(st.lists(text, max_size=4))
        use_cases.append(
            uc(
                uid,
                title=draw(text),
                goal=draw(st.one_of(st.just(""), paragraph)),
                trigger=draw(st.one_of(st.just(""), text)),
                owner=draw(st.one_of(st.just(""), line)),
                secondary_actors=draw(items),
                preconditions=draw(items),
                main_steps=main_steps,
                extensions=draw(extensions(len(main_steps))),
                status=draw(st.sampled_from(["draft", "approved", "retired"])),
                last_reviewed=draw(dates),
                industries=industries,
                company_sizes=draw(st.lists(st.sampled_from(["SMB", "Enterprise"]), unique=True)),
                personas=draw(st.lists(st.sampled_from(["CIO", "CFO"]), unique=True)),
                tags=draw(st.lists(line.filter(lambda t: ";" not in t), max_size=3)),
                benefits=[
                    benefit(
                        f"B-{next(benefit_ids)}",
                        statement=draw(text),
                        improvement=draw(numbers),
                        baseline=draw(numbers),
                        target=draw(numbers),
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ],
            )
        )
    outcomes = [
        outcome(
            f"O-{n}",
            draw(st.sampled_from(use_case_ids)),
            customer=draw(text),
            quote=draw(st.one_of(st.just(""), paragraph)),
            before=draw(numbers),
            after=draw(numbers),
            permission=draw(st.sampled_from(["public", "anonymized", "internal"])),
            permission_expires=draw(dates),
            date=draw(dates),
        )
        for n in range(draw(st.integers(0, 3)))
    ]
    questions = [
        question(f"Q-{n}", draw(text), use_case_id=draw(st.sampled_from([None, *use_case_ids])))
        for n in range(draw(st.integers(0, 2)))
    ]
    return {"use_cases": use_cases, "outcomes": outcomes, "questions": questions}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Engine]]:
    folder: Path = tmp_path_factory.mktemp("roundtrip")
    source = db.make_engine(f"sqlite:///{folder / 'source.db'}")
    target = db.make_engine(f"sqlite:///{folder / 'target.db'}")
    yield source, target
    source.dispose()
    target.dispose()


def _empty(engine: Engine) -> None:
    with db.unit_of_work(engine) as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(libraries())
def test_export_then_import_is_the_identity(
    engines: tuple[Engine, Engine], made: dict[str, list[dict[str, Any]]]
) -> None:
    source, target = engines
    _empty(source)
    _empty(target)
    library(source, **made)

    plan = plan_import(target, export_workbook(source), "library.xlsx")
    assert plan.problems == []
    apply_import(target, plan, who="test")

    assert dump(target) == dump(source)
