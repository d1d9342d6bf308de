from __future__ import annotations

from sqlalchemy import Engine

from tests.apptest import open_app
from tests.builders import library, outcome, uc


def test_home_counts_the_library(engine: Engine) -> None:
    library(
        engine,
        use_cases=[uc("UC-1"), uc("UC-2"), uc("UC-3", status="draft")],
        outcomes=[outcome("O-1", "UC-1")],
    )
    at = open_app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Approved use cases"] == "2"
    assert metrics["Customer outcomes"] == "1"


def test_home_on_an_empty_library_says_how_to_fill_it(engine: Engine) -> None:
    at = open_app()
    assert not at.exception
    assert "python -m lib init" in at.info[0].value
