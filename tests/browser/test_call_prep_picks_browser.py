"""Picks follow the prospect, also in a session opened from a link that carries swapped picks."""

from __future__ import annotations

import pytest

from tests.callprep_data import rep_library

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prep_library(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    rep_library(engine)
    return base, engine


def test_a_linked_pick_is_dropped_when_the_industry_changes(
    prep_library, browser, wait_for_app
) -> None:  # type: ignore[no-untyped-def]
    base, _engine = prep_library
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # a fresh browser
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/call-prep?company=Acme&industry=Healthcare&top=1&pick=UC-BILL")
        wait_for_app(page)
        page.get_by_text("Chosen: UC-BILL", exact=True).wait_for()
        industry = page.get_by_test_id("stSelectbox").filter(has_text="Industry")
        industry.click()
        page.get_by_role("option", name="Logistics", exact=True).click()
        page.wait_for_url("**industry=Logistics**")
        page.get_by_text("Chosen: UC-SHIP", exact=True).wait_for()
        page.wait_for_function("() => !location.search.includes('pick=')")
        assert page.get_by_text("Chosen: UC-BILL", exact=True).count() == 0
    finally:
        context.close()
