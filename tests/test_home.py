from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.core.summary import library_counts
from tests.apptest import open_app
from tests.builders import library, outcome, uc


def test_home_counts_the_library_and_points_to_every_page(engine: Engine) -> None:
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
    links = {link.label for link in at.get("page_link")}
    assert {"Prep a call", "Browse the library", "Manage the library", "See coverage"} <= links


def test_an_empty_library_offers_the_sample_and_loads_it_on_click(engine: Engine) -> None:
    at = open_app()
    assert not at.exception
    assert "library is empty" in at.info[0].value
    assert library_counts(engine).empty
    at.button(key="load-sample").click().run()
    assert not at.exception
    counts = library_counts(engine)
    assert counts.approved >= 40 and counts.outcomes >= 60
    assert {m.label for m in at.metric} >= {"Approved use cases", "Customer outcomes"}


def test_a_database_that_cannot_be_opened_is_explained_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://host/library")
    at = open_app()
    assert not at.exception
    assert "cannot open its library" in at.error[0].value
    assert "nosuchdb" in at.error[0].value
