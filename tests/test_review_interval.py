"""Each use case's own review interval, and 'Still accurate' recorded with who."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from lib.core.access import Actor, NotAllowed
from lib.core.models import UseCase
from lib.core.reads import is_stale, read_library
from lib.core.review import due_for_review
from lib.coverage.freshness import stale_use_cases
from lib.coverage.model import coverage_of
from lib.library import verify
from lib.library.catalog import library_frame
from lib.library.editing import EditError, history, load_draft, update_use_case
from tests.apptest import open_app
from tests.builders import library, uc

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("age", "interval", "stale"),
    [(90, None, False), (91, None, True), (30, 30, False), (31, 30, True), (150, 180, False)],
)
def test_a_use_case_is_stale_after_its_own_interval(
    age: int, interval: int | None, stale: bool
) -> None:
    reviewed = TODAY - dt.timedelta(days=age)
    assert is_stale(reviewed, TODAY, interval=interval) is stale
    assert due_for_review("approved", reviewed, TODAY, interval=interval) is stale
    assert due_for_review("retired", reviewed, TODAY, interval=interval) is False


@pytest.fixture
def two(engine: Engine) -> Engine:
    reviewed = dt.date.today() - dt.timedelta(days=40)
    return library(
        engine,
        use_cases=[
            uc("UC-MONTHLY", last_reviewed=reviewed, review_interval_days=30, owner="Ana"),
            uc("UC-DEFAULT", last_reviewed=reviewed, owner="Ana"),
        ],
    )


def test_library_and_coverage_agree_on_the_interval(two: Engine) -> None:
    today = dt.date.today()
    frame = library_frame(two, today)
    assert dict(zip(frame["id"], frame["stale"], strict=True)) == {
        "UC-MONTHLY": True,
        "UC-DEFAULT": False,
    }
    stale = stale_use_cases(coverage_of(read_library(two)), today)
    assert [s.id for s in stale] == ["UC-MONTHLY"]


def test_the_editor_saves_a_review_interval_and_refuses_a_bad_one(two: Engine) -> None:
    draft, version = load_draft(two, "UC-DEFAULT")  # type: ignore[misc]
    assert draft.review_interval_days is None
    draft.review_interval_days = 14
    update_use_case(two, draft, version=version, who="Ana")
    draft, version = load_draft(two, "UC-DEFAULT")  # type: ignore[misc]
    assert draft.review_interval_days == 14
    draft.review_interval_days = -3
    with pytest.raises(EditError, match="review interval '-3' must be a whole number"):
        update_use_case(two, draft, version=version, who="Ana")


def test_still_accurate_sets_the_review_date_with_who(two: Engine) -> None:
    version = verify.mark_still_accurate(
        two, "UC-MONTHLY", who=Actor("Mo", "mo@acme.com", "marketing", signed_in=True)
    )
    with Session(two) as s:
        row = s.get_one(UseCase, "UC-MONTHLY")
        assert (row.last_reviewed, row.version) == (dt.date.today(), version)
    (change, *_) = history(two, "UC-MONTHLY")
    assert (change.who, change.action) == ("mo@acme.com", "review")
    assert "still accurate" in change.summary


def test_a_rep_may_confirm_only_a_use_case_they_own(two: Engine) -> None:
    owner = Actor("Ana", "ana@acme.com", "rep", signed_in=True)
    stranger = Actor("Raj", "raj@acme.com", "rep", signed_in=True)
    with pytest.raises(NotAllowed, match="neither the owner"):
        verify.mark_still_accurate(two, "UC-MONTHLY", who=stranger)
    verify.mark_still_accurate(two, "UC-MONTHLY", who=owner)
    with pytest.raises(verify.VerifyError, match="no use case UC-404"):
        verify.mark_still_accurate(two, "UC-404", who=owner)


def test_still_accurate_on_the_library_page(two: Engine) -> None:
    at = open_app("library", uc="UC-MONTHLY")
    assert not at.exception
    assert any("due for a review" in w.value for w in at.warning)
    at.button(key="still-accurate").click().run()
    assert not at.exception
    assert not any("due for a review" in w.value for w in at.warning)
    with Session(two) as s:
        assert s.get_one(UseCase, "UC-MONTHLY").last_reviewed == dt.date.today()


def test_still_accurate_on_the_manage_page(two: Engine) -> None:
    at = open_app("manage", uc="UC-MONTHLY")
    assert not at.exception
    at.session_state["user_name"] = "Ana"
    at.button(key="manage-still-accurate").click().run()
    assert not at.exception
    assert not at.error
    assert history(two, "UC-MONTHLY")[0].who == "Ana"
