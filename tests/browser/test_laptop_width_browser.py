"""What a marketing manager sees on a 1366 px laptop: the columns that matter are in view
without scrolling sideways, and Save is reachable without scrolling down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lib.core.usage import record_generation
from tests.builders import benefit, library, uc

LAPTOP = {"width": 1366, "height": 768}
TITLE = "Reconcile supplier invoices against purchase orders and goods received notes"


@pytest.fixture(scope="module")
def seeded(served_library):  # type: ignore[no-untyped-def]
    base, engine = served_library
    library(
        engine,
        use_cases=[
            uc(
                f"UC-LAP-{n:02}",
                f"{TITLE} ({n})",
                industries=["Manufacturing"],
                personas=["CFO"],
                company_sizes=["Mid-market"],
                benefits=[
                    benefit(
                        f"B-LAP-{n:02}",
                        "Finance closes the month two days sooner because matching is automatic",
                        persona_id="CFO",
                    )
                ],
            )
            for n in range(30)
        ],
    )
    record_generation(
        engine, kind="pack", format="pdf", use_case_ids=["UC-LAP-01"], prospect="Acme",
        industry="Manufacturing",
    )  # fmt: skip
    return base


@pytest.fixture
def laptop(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _headers_in_view(grid) -> list[str]:  # type: ignore[no-untyped-def]
    """Column headers the grid draws: its accessible table holds only the columns in view."""
    grid.locator("th").first.wait_for(state="attached")
    return [(h.text_content() or "").strip() for h in grid.locator("th").all()]


def test_library_shows_proof_benefits_and_review_and_a_tall_table(  # type: ignore[no-untyped-def]
    seeded, laptop, wait_for_app
) -> None:
    laptop.goto(f"{seeded}/library")
    wait_for_app(laptop)
    grid = laptop.get_by_test_id("stDataFrame").first
    headers = _headers_in_view(grid)
    assert {"ID", "Use case", "Proof", "Benefits", "Reviewed"} <= set(headers), headers
    box = grid.bounding_box()
    assert box is not None and box["height"] >= 38 + 35 * 20  # a page of rows, not ten


def test_most_used_shows_its_count(seeded, laptop, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    laptop.goto(f"{seeded}/coverage")
    wait_for_app(laptop)
    laptop.get_by_role("tab", name="Usage").click()
    panel = laptop.get_by_role("tabpanel", name="Usage")
    grids = panel.get_by_test_id("stDataFrame")
    grids.nth(1).wait_for()
    listed = [_headers_in_view(g) for g in grids.all()]
    counts = [h for h in listed if "Title" in h]
    assert len(counts) == 2, listed  # Most used and Never used, side by side
    assert all("Packs" in h for h in counts), counts


def test_manage_benefits_and_save_are_in_view(seeded, laptop, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    laptop.goto(f"{seeded}/manage?uc=UC-LAP-01")
    wait_for_app(laptop)
    save = laptop.get_by_role("button", name="Save", exact=True)
    save.wait_for()
    box = save.bounding_box()
    assert box is not None and box["y"] + box["height"] <= LAPTOP["height"]  # no scrolling
    grids = laptop.get_by_test_id("stDataFrame")
    grids.nth(3).wait_for()
    listed = []
    for grid in grids.all():
        grid.scroll_into_view_if_needed()
        listed.append(_headers_in_view(grid))
    benefits = next((h for h in listed if "Statement" in h), None)
    assert benefits is not None, listed
    assert {"Persona", "Improvement", "Unit"} <= set(benefits), benefits


def test_over_time_ticks_are_days(seeded, laptop, wait_for_app) -> None:  # type: ignore[no-untyped-def]
    import re

    laptop.goto(f"{seeded}/coverage")
    wait_for_app(laptop)
    laptop.get_by_role("tab", name="Over time").click()
    panel = laptop.get_by_role("tabpanel", name="Over time")
    ticks = panel.locator(".xaxislayer-above .xtick text")
    ticks.first.wait_for()
    labels = ticks.all_text_contents()
    assert labels and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in labels), labels
