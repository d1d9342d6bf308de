from __future__ import annotations

from playwright.sync_api import expect

from tests.builders import library, uc


def test_home_shows_the_library_counts(served_library, page, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    base, engine = served_library
    library(engine, use_cases=[uc("UC-B1"), uc("UC-B2")])
    page.goto(f"{base}/")
    wait_for_app(page)
    metric = page.get_by_test_id("stMetric").filter(has_text="Approved use cases")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text("2")
