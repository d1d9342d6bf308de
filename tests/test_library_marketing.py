"""Library as marketing reads it: must-not-share outcomes styled as a warning, and the same stale
count as Coverage on the same day."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Engine

from lib.core.review import due_for_review
from lib.coverage import model as coverage_data
from lib.coverage.report import coverage_report
from lib.library.catalog import library_frame
from tests.apptest import open_app
from tests.builders import library, outcome, uc


def test_outcomes_that_must_not_be_shared_are_styled_as_a_warning(engine: Engine) -> None:
    gone = dt.date.today() - dt.timedelta(days=3)
    library(
        engine,
        use_cases=[uc("UC-1")],
        outcomes=[
            outcome("O-1", "UC-1", permission="internal"),
            outcome("O-2", "UC-1"),
            outcome("O-3", "UC-1", permission_expires=gone),
        ],
    )
    at = open_app("library", uc="UC-1")
    assert not at.exception
    table = next(d for d in at.dataframe if "Sharing" in d.value.columns)
    assert list(table.value["Sharing"]) == [
        "internal — do not share",
        "public",
        f"permission expired {gone:%Y-%m-%d} — do not share",
    ]
    styled: set[int] = set()
    css = table.proto.arrow_data.styler.styles
    for selectors, rules in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if "background-color: #fff3cd" in rules:
            styled |= {int(n) for n in re.findall(r"_row(\d+)_col1\b", selectors)}
    assert styled == {0, 2}  # the internal and the expired one, not the public one


def stale_mix(engine: Engine) -> Engine:
    today = dt.date.today()
    return library(
        engine,
        use_cases=[
            uc("UC-FRESH", last_reviewed=today),
            uc("UC-EDGE", last_reviewed=today - dt.timedelta(days=90)),  # exactly 90: fresh
            uc("UC-OLD", last_reviewed=today - dt.timedelta(days=91)),
            uc("UC-NEVER", last_reviewed=None, status="draft"),
            uc("UC-GONE", last_reviewed=today - dt.timedelta(days=400), status="retired"),
        ],
    )


def test_library_and_coverage_count_the_same_stale_use_cases(engine: Engine) -> None:
    stale_mix(engine)
    today = dt.date.today()
    frame = library_frame(engine, today)
    report = coverage_report(coverage_data.load(engine), today)
    assert set(frame.loc[frame["stale"], "id"]) == {s.id for s in report.stale}
    assert {s.id for s in report.stale} == {"UC-OLD", "UC-NEVER"}
    assert not due_for_review("retired", None, today)


def test_the_library_page_and_the_coverage_page_show_the_same_stale_count(
    engine: Engine,
) -> None:
    stale_mix(engine)
    caption = next(c.value for c in open_app("library").caption if "due for a review" in c.value)
    shown = int(re.search(r"(\d+) due for a review", caption).group(1))  # type: ignore[union-attr]
    metrics = {m.label: m.value for m in open_app("coverage").metric}
    assert shown == int(metrics["Stale use cases"]) == 2


def test_a_retired_use_case_is_not_flagged_for_review_when_read(engine: Engine) -> None:
    from lib.library.detail import read_use_case

    stale_mix(engine)
    today = dt.date.today()
    assert read_use_case(engine, "UC-GONE", today).stale is False  # type: ignore[union-attr]
    assert read_use_case(engine, "UC-OLD", today).stale is True  # type: ignore[union-attr]
    assert read_use_case(engine, "UC-NEVER", today).stale is True  # type: ignore[union-attr]
